// Client-side navigation: the router registers how to render the current URL, and pages call
// navigate() after a sign-in, a sign-out or a redirect. A notice can be handed to the next page.

let renderCurrentPage: () => void = () => undefined;
let pendingNotice: string | undefined;

export function onNavigate(render: () => void): void {
  renderCurrentPage = render;
}

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  renderCurrentPage();
}

/** A message the next page shows once, e.g. "You have been logged out." */
export function notify(message: string): void {
  pendingNotice = message;
}

export function takeNotice(): string | undefined {
  const notice = pendingNotice;
  pendingNotice = undefined;
  return notice;
}

/** Where to go after signing in: a path in this app from `?next=`, never another site. */
export function nextPath(search: URLSearchParams): string {
  const next = search.get('next');
  return next && /^\/(?![/\\])/.test(next) ? next : '/profile';
}

/** The login page, coming back to the current page afterwards. */
export function loginPath(): string {
  return `/login?next=${encodeURIComponent(location.pathname)}`;
}

/**
 * Reads a mailed link's token from the address bar and takes it out of the URL, so that it
 * stays neither in the history nor on the screen. Returns undefined when there is none.
 */
export function takeTokenFromUrl(search: URLSearchParams): string | undefined {
  const token = search.get('token') ?? undefined;
  if (token !== undefined) history.replaceState(null, '', location.pathname);
  return token || undefined;
}
