// The example web app: a router over the History API, the navigation bar, and the pages.
import { h, link } from './dom.js';
import { loginPath, navigate, notify, onNavigate, takeNotice } from './navigation.js';
import { changePasswordPage } from './pages/changePassword.js';
import { confirmEmailPage, verifyEmailPage } from './pages/emailLinks.js';
import { forgotPasswordPage } from './pages/forgotPassword.js';
import { homePage } from './pages/home.js';
import { loginPage } from './pages/login.js';
import { logoutPage } from './pages/logout.js';
import { profilePage } from './pages/profile.js';
import { registerPage } from './pages/register.js';
import { resetPasswordPage } from './pages/resetPassword.js';
import { sessionsPage } from './pages/sessions.js';
import { forgetAccessToken, isSignedIn, REFRESH_TOKEN_KEY } from './session.js';

interface Route {
  title: string;
  render: (view: HTMLElement, search: URLSearchParams) => void | Promise<void>;
  /** Only for a signed-in user: others go to Login first. */
  signedIn?: boolean;
}

const routes: Record<string, Route> = {
  '/': { title: 'Accounts', render: homePage },
  '/register': { title: 'Create an account', render: registerPage },
  '/login': { title: 'Log in', render: loginPage },
  '/logout': { title: 'Log out', render: logoutPage },
  '/profile': { title: 'Your profile', render: profilePage, signedIn: true },
  '/sessions': { title: 'Where you are signed in', render: sessionsPage, signedIn: true },
  '/change-password': { title: 'Change your password', render: changePasswordPage, signedIn: true },
  '/forgot-password': { title: 'Forgot your password?', render: forgotPasswordPage },
  '/reset-password': { title: 'Choose a new password', render: resetPasswordPage },
  '/verify-email': { title: 'Confirm your email address', render: verifyEmailPage },
  '/confirm-email': { title: 'Confirm your new email address', render: confirmEmailPage },
};

const notFound: Route = {
  title: 'Page not found',
  render: (view) => view.append(h('p', {}, 'There is no such page. ', link('/', 'Go home'), '.')),
};

const nav = document.querySelector<HTMLElement>('#nav')!;
const main = document.querySelector<HTMLElement>('#main')!;
let firstRender = true;
let renderedSignedIn = false;

function render(): void {
  const route = routes[location.pathname] ?? notFound;
  if (route.signedIn && !isSignedIn()) {
    notify('Please log in to see that page.');
    navigate(loginPath(), { replace: true });
    return;
  }
  document.title = route.title === 'Accounts' ? 'Accounts' : `${route.title} · Accounts`;
  renderNav();

  // Each page gets a new element: a page still loading when the user moves on writes into
  // an element that is no longer shown.
  const heading = h('h1', { tabindex: -1 }, route.title);
  const notice = takeNotice();
  const view = h('div', { class: 'page' });
  main.replaceChildren(
    heading,
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : '',
    view,
  );
  if (!firstRender) heading.focus();
  firstRender = false;
  void Promise.resolve(route.render(view, new URLSearchParams(location.search))).catch(
    (error: unknown) => {
      view.replaceChildren(
        h('p', { class: 'form-message error', role: 'alert' }, 'Something went wrong here.'),
      );
      throw error;
    },
  );
}

function renderNav(): void {
  renderedSignedIn = isSignedIn();
  const item = (href: string, text: string) =>
    h('li', {}, link(href, text, { 'aria-current': location.pathname === href && 'page' }));
  nav.replaceChildren(
    h(
      'ul',
      {},
      item('/', 'Home'),
      renderedSignedIn
        ? [
            item('/profile', 'Profile'),
            item('/sessions', 'Sessions'),
            item('/change-password', 'Change password'),
            item('/logout', 'Log out'),
          ]
        : [item('/register', 'Register'), item('/login', 'Log in')],
    ),
  );
}

// Links within the app change the page without reloading it (the access token is in memory).
document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest('a');
  if (
    !anchor ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    anchor.origin !== location.origin ||
    anchor.target
  )
    return;
  event.preventDefault();
  if (anchor.pathname + anchor.search !== location.pathname + location.search)
    navigate(anchor.pathname + anchor.search);
});
window.addEventListener('popstate', render);

// Another tab logged in or out (the shared refresh token came or went): show it here too.
window.addEventListener('storage', (event) => {
  if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
  if (isSignedIn() === renderedSignedIn) return;
  forgetAccessToken();
  render();
});

onNavigate(render);
render();
