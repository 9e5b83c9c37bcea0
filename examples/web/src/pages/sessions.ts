import {
  WebLogoutEverywhereDocument,
  WebRevokeSessionDocument,
  WebSessionsDocument,
  type WebSessionsQuery,
} from '../../../generated/web/graphql.js';
import { h, formatDate, show } from '../dom.js';
import { errorMessage } from '../messages.js';
import { navigate, notify } from '../navigation.js';
import { authorized, endSession } from '../session.js';

type Session = WebSessionsQuery['sessions'][number];

export async function sessionsPage(view: HTMLElement): Promise<void> {
  const message = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading your sessions…'));
  const everywhere = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => void logOutEverywhere() },
    'Log out everywhere',
  );
  view.append(
    h('p', {}, 'Each browser or device where you signed in. End the ones you do not recognise.'),
    message,
    list,
    h('div', { class: 'actions' }, everywhere),
  );

  const fail = (error: Parameters<typeof errorMessage>[0]) => {
    if (error.code === 'SIGNED_OUT') return;
    message.className = 'form-message error';
    show(message, errorMessage(error));
  };

  async function load(): Promise<void> {
    const result = await authorized(WebSessionsDocument, {});
    if (result.error) return fail(result.error);
    show(list, h('ul', { class: 'sessions' }, result.data.sessions.map(row)));
  }

  function row(session: Session): HTMLElement {
    const end = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void revoke(session, end) },
      'End this session',
    );
    return h(
      'li',
      { class: session.current ? 'session current' : 'session', 'data-session-id': session.id },
      h(
        'div',
        {},
        h('strong', {}, describeUserAgent(session.userAgent)),
        session.current ? h('span', { class: 'badge ok' }, 'this browser') : null,
      ),
      h('div', { class: 'muted small', title: session.userAgent ?? '' }, session.userAgent ?? ''),
      h(
        'div',
        { class: 'small' },
        `Signed in ${formatDate(session.createdAt)} · last active ${formatDate(session.lastUsedAt)}` +
          ` · ends ${formatDate(session.expiresAt)} unless used`,
      ),
      session.current ? null : h('div', {}, end),
    );
  }

  async function revoke(session: Session, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const result = await authorized(WebRevokeSessionDocument, { id: session.id });
    if (result.error?.code === 'FORBIDDEN') {
      message.className = 'form-message';
      show(message, 'That session had ended already.');
    } else if (result.error) {
      button.disabled = false;
      return fail(result.error);
    } else {
      message.className = 'form-message success';
      show(message, `Ended the session of ${describeUserAgent(session.userAgent)}.`);
    }
    await load();
  }

  async function logOutEverywhere(): Promise<void> {
    everywhere.disabled = true;
    const result = await authorized(WebLogoutEverywhereDocument, {});
    everywhere.disabled = false;
    if (result.error) return fail(result.error);
    endSession();
    const count = result.data.logoutEverywhere;
    notify(`You have been logged out of ${count} ${count === 1 ? 'session' : 'sessions'}.`);
    navigate('/login');
  }

  await load();
}

/** "Firefox on Windows" from a User-Agent header, roughly; the full header is shown too. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const browser =
    /\b(Edg|OPR|Firefox|HeadlessChrome|Chrome|Safari)\//.exec(userAgent)?.[1] ?? 'A browser';
  const system = /\b(Windows|Android|iPhone|iPad|Mac OS X|CrOS|Linux)\b/.exec(userAgent)?.[1];
  const names: Record<string, string> = { Edg: 'Edge', OPR: 'Opera', 'Mac OS X': 'macOS' };
  const name = (part: string) => names[part] ?? part;
  return system ? `${name(browser)} on ${name(system)}` : name(browser);
}
