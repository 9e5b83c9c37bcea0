// The pages that the links in the API's messages open: /verify-email?token=… after signing up,
// /confirm-email?token=… after asking for a new address.
import {
  WebConfirmEmailChangeDocument,
  WebRequestEmailVerificationDocument,
  WebVerifyEmailDocument,
} from '../../../generated/web/graphql.js';
import type { ApiError } from '../client.js';
import { send } from '../client.js';
import { h, link, show } from '../dom.js';
import { errorMessage } from '../messages.js';
import { takeTokenFromUrl } from '../navigation.js';
import { authorized, isSignedIn } from '../session.js';

export async function verifyEmailPage(view: HTMLElement, search: URLSearchParams): Promise<void> {
  const token = takeTokenFromUrl(search);
  if (!token) return void view.append(needsLink());
  const status = h('p', { class: 'muted' }, 'Confirming your email address…');
  view.append(status);
  const result = await send(WebVerifyEmailDocument, { token });
  if (result.error) return show(view, failure(result.error, resendVerification()));
  show(
    view,
    h(
      'p',
      { class: 'form-message success', role: 'status' },
      `Thank you: ${result.data.verifyEmail.email} is confirmed.`,
    ),
    h('p', {}, link(isSignedIn() ? '/profile' : '/login', 'Continue')),
  );
}

export async function confirmEmailPage(view: HTMLElement, search: URLSearchParams): Promise<void> {
  const token = takeTokenFromUrl(search);
  if (!token) return void view.append(needsLink());
  const status = h('p', { class: 'muted' }, 'Confirming your new email address…');
  view.append(status);
  const result = await send(WebConfirmEmailChangeDocument, { token });
  if (result.error?.code === 'EMAIL_TAKEN') {
    return show(
      view,
      failure(result.error),
      h('p', {}, 'Another account uses that address now. ', link('/profile', 'Choose another')),
    );
  }
  if (result.error) return show(view, failure(result.error, link('/profile', 'Try again')));
  show(
    view,
    h(
      'p',
      { class: 'form-message success', role: 'status' },
      `Your email address is now ${result.data.confirmEmailChange.email}.`,
    ),
    h('p', {}, link(isSignedIn() ? '/profile' : '/login', 'Continue')),
  );
}

function failure(error: ApiError, next?: Node): HTMLElement {
  return h(
    'div',
    {},
    h('p', { class: 'form-message error', role: 'alert' }, errorMessage(error)),
    next ? h('p', {}, next) : null,
  );
}

function needsLink(): HTMLElement {
  return h(
    'p',
    { class: 'form-message error', role: 'alert' },
    'This page needs the link from your email, with its token. Open the link again.',
  );
}

/** Signed in: a button for a new verification link; otherwise, a hint to log in first. */
function resendVerification(): Node {
  if (!isSignedIn()) return h('span', {}, link('/login', 'Log in'), ' to ask for a new link.');
  const status = h('span', { class: 'muted' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        button.disabled = true;
        void authorized(WebRequestEmailVerificationDocument, {}).then((result) => {
          if (result.error?.code === 'SIGNED_OUT') return;
          show(status, result.error ? errorMessage(result.error) : ' We sent you a new link.');
        });
      },
    },
    'Send a new link',
  );
  return h('span', {}, button, status);
}
