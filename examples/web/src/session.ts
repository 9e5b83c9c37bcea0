// The signed-in session: where the two tokens are kept, and how the access token is renewed.
//
// The access token lives only in memory (a variable of this module): it is never written
// anywhere, and a reload simply loses it.
//
// The refresh token lives in localStorage rather than sessionStorage. It is single-use: every
// refresh returns a new one and uses the old one up, and the API ends the session when a used
// one is presented again (it looks stolen). sessionStorage is per tab and is copied when a tab
// is duplicated, so two tabs would hold the same token and the second to refresh would end the
// session for both. localStorage is shared by every tab of this origin, so each tab always reads
// the newest token; it also keeps the user signed in across browser restarts, within the
// session's idle and absolute limits. A script injected into the page could read either store,
// which is why the pages insert text only as text and the page's CSP allows only this origin.
//
// Renewal: before a request, an access token within a tenth of its lifetime of expiring (at
// most 30 seconds) is traded for a new pair first (refreshSession), as is a missing one after
// a reload. If the API still answers UNAUTHENTICATED (clocks that
// disagree, a token refused early), the pair is renewed once and the request sent once more.
// If the refresh token is refused too, the session is over: the page goes to Login.
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { WebRefreshSessionDocument, type WebSignInFragment } from '../../generated/web/graphql.js';
import { send, type ApiError, type Outcome } from './client.js';
import { loginPath, navigate, notify } from './navigation.js';

export const REFRESH_TOKEN_KEY = 'accounts.refreshToken';

interface AccessToken {
  value: string;
  /** When to trade it for a new one (ms since the epoch, this browser's clock). */
  renewAt: number;
}

let accessToken: AccessToken | undefined;
let refreshing: Promise<RefreshOutcome> | undefined;

type RefreshOutcome = 'refreshed' | 'signed-out' | ApiError;

/** Whether this browser holds a session (it may still turn out to have ended). */
export function isSignedIn(): boolean {
  return localStorage.getItem(REFRESH_TOKEN_KEY) !== null;
}

/** Keeps the tokens of a sign-in (register, login, refresh, password change or reset). */
export function startSession(payload: WebSignInFragment): void {
  const expiresAt = Date.parse(payload.accessTokenExpiresAt);
  const lifetime = expiresAt - Date.now();
  accessToken = {
    value: payload.accessToken,
    // A tenth of its lifetime early, at most 30 seconds. When this browser's clock disagrees
    // with the server's so much that the token looks expired already, only the retry on
    // UNAUTHENTICATED renews it.
    renewAt: lifetime > 0 ? expiresAt - Math.min(30_000, lifetime / 10) : Infinity,
  };
  localStorage.setItem(REFRESH_TOKEN_KEY, payload.refreshToken);
}

/** Forgets both tokens (after logout, or once the API refused the refresh token). */
export function endSession(): void {
  accessToken = undefined;
  localStorage.removeItem(REFRESH_TOKEN_KEY);
}

/** Drops the access token when another tab ended the session (its refresh token is gone). */
export function forgetAccessToken(): void {
  accessToken = undefined;
}

/**
 * Sends an operation that needs a signed-in user, renewing the access token as described
 * above. With `redirect` (the default), a session that has ended sends the page to Login and
 * the outcome is a SIGNED_OUT error that the page just stops on.
 */
export async function authorized<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  { redirect = true } = {},
): Promise<Outcome<Data>> {
  if (!accessToken || Date.now() >= accessToken.renewAt) {
    const renewed = await refreshSession();
    if (renewed !== 'refreshed') return refreshFailed(renewed, redirect);
  }
  const used = accessToken?.value;
  const first = await send(document, variables, used);
  if (first.error?.code !== 'UNAUTHENTICATED') return first;

  // Another request may have renewed the token meanwhile; otherwise renew it now. Either way
  // the request is sent once more: UNAUTHENTICATED means it was not carried out.
  if (accessToken?.value === used) {
    const renewed = await refreshSession();
    if (renewed !== 'refreshed') return refreshFailed(renewed, redirect);
  }
  const second = await send(document, variables, accessToken?.value);
  return second.error?.code === 'UNAUTHENTICATED' ? refreshFailed('signed-out', redirect) : second;
}

/** Trades the refresh token for a new pair; concurrent callers share one request. */
function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= oneTabAtATime(tradeRefreshToken).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function tradeRefreshToken(): Promise<RefreshOutcome> {
  // Read it now, not earlier: another tab may have traded it for a newer one meanwhile.
  const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
  if (refreshToken === null) return 'signed-out';
  const result = await send(WebRefreshSessionDocument, { refreshToken });
  if (result.data) {
    startSession(result.data.refreshSession);
    return 'refreshed';
  }
  return result.error.code === 'UNAUTHENTICATED' ? 'signed-out' : result.error;
}

/** Tabs share the refresh token, so they take turns to trade it (Web Locks, where present). */
async function oneTabAtATime<T>(task: () => Promise<T>): Promise<T> {
  if (!('locks' in navigator)) return task();
  return await navigator.locks.request('accounts-refresh-token', task);
}

const signedOut: ApiError = {
  code: 'SIGNED_OUT',
  message: 'Your session has ended. Please log in again.',
  fields: {},
};

function refreshFailed(outcome: 'signed-out' | ApiError, redirect: boolean): Outcome<never> {
  if (outcome !== 'signed-out') return { error: outcome };
  endSession();
  if (redirect) {
    notify(signedOut.message);
    navigate(loginPath(), { replace: true });
  }
  return { error: signedOut };
}
