import { WebMeDocument } from '../../../generated/web/graphql.js';
import { h, link, show } from '../dom.js';
import { errorMessage } from '../messages.js';
import { navigate } from '../navigation.js';
import { authorized, isSignedIn } from '../session.js';

export async function homePage(view: HTMLElement): Promise<void> {
  view.append(
    h(
      'p',
      {},
      'An example web app for the accounts API: create an account, sign in, keep your profile ' +
        'up to date and see where you are signed in.',
    ),
  );
  const status = h('div', { class: 'card' });
  view.append(status);
  if (!isSignedIn()) {
    show(status, signedOutContent());
    return;
  }

  show(status, h('p', { class: 'muted' }, 'Loading…'));
  const result = await authorized(WebMeDocument, {}, { redirect: false });
  // The session has ended: show the page again, signed out (the navigation too).
  if (result.error?.code === 'SIGNED_OUT') navigate('/', { replace: true });
  else if (result.error) show(status, h('p', { class: 'error' }, errorMessage(result.error)));
  else {
    const { me } = result.data;
    show(
      status,
      h('p', {}, 'Signed in as ', h('strong', {}, me.name), ` (${me.email}).`),
      h(
        'p',
        {},
        link('/profile', 'Your profile'),
        ' · ',
        link('/sessions', 'Where you are signed in'),
        ' · ',
        link('/change-password', 'Change your password'),
      ),
    );
  }
}

function signedOutContent(): Node[] {
  return [
    h('p', {}, 'You are not signed in.'),
    h(
      'p',
      {},
      link('/register', 'Create an account', { class: 'button' }),
      ' ',
      link('/login', 'Log in', { class: 'button secondary' }),
    ),
  ];
}
