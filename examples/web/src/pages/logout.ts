import { WebLogoutDocument } from '../../../generated/web/graphql.js';
import { h } from '../dom.js';
import { navigate, notify } from '../navigation.js';
import { authorized, endSession, isSignedIn } from '../session.js';

/** Ends the session on the server (its tokens stop working at once), then forgets it here. */
export async function logoutPage(view: HTMLElement): Promise<void> {
  view.append(h('p', { class: 'muted' }, 'Logging out…'));
  if (isSignedIn()) await authorized(WebLogoutDocument, {}, { redirect: false });
  endSession();
  notify('You have been logged out.');
  navigate('/login', { replace: true });
}
