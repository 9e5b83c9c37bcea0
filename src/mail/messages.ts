import escapeHtml from 'escape-html';

export type MailKind =
  | 'verify-email'
  | 'confirm-email-change'
  | 'email-change-notice'
  | 'email-in-use-notice'
  | 'password-reset'
  | 'password-changed';

/** A message's words, in plain text and HTML. */
export interface MailContent {
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
}

/** An action the reader can take: a link to the app, and the bare token for other clients. */
interface Action {
  appUrl: string;
  page: string;
  token: string;
  validForSeconds: number;
}

/** The closing line of messages that ask the reader to act; notices say what to do instead. */
const IGNORE_IF_NOT_YOU = 'If you did not ask for this, you can ignore this message.';

export function verifyEmailMessage(name: string, action: Action): MailContent {
  return compose('verify-email', 'Confirm your email address', name, [
    'Please confirm that this is your email address.',
    action,
  ]);
}

export function confirmEmailChangeMessage(name: string, action: Action): MailContent {
  return compose('confirm-email-change', 'Confirm your new email address', name, [
    'You asked to use this address for your account. Confirm it to complete the change.',
    action,
  ]);
}

export function emailChangeNoticeMessage(name: string): MailContent {
  return compose('email-change-notice', 'Your email address is being changed', name, [
    'Someone signed in to your account asked to change its email address. The change happens ' +
      'only when the new address is confirmed. If this was not you, change your password now.',
  ]);
}

export function emailInUseNoticeMessage(): MailContent {
  return compose('email-in-use-notice', 'An account change was asked for this address', '', [
    'Someone asked to move another account to this address, which already has an account. ' +
      'Nothing has changed. If this was you, sign in to the account that uses this address.',
  ]);
}

export function passwordResetMessage(name: string, action: Action): MailContent {
  return compose('password-reset', 'Reset your password', name, [
    'Someone asked to reset the password of your account. Choose a new one with this link.',
    action,
  ]);
}

export function passwordChangedMessage(name: string): MailContent {
  return compose('password-changed', 'Your password was changed', name, [
    'The password of your account was just changed, and your other sessions were signed out. ' +
      'If this was not you, reset your password now.',
  ]);
}

function compose(
  kind: MailKind,
  subject: string,
  name: string,
  parts: (string | Action)[],
): MailContent {
  const greeting = name ? `Hello ${name},` : 'Hello,';
  const closing = parts.some((part) => typeof part !== 'string') ? [IGNORE_IF_NOT_YOU] : [];
  const text = [greeting, ...parts.map(actionText), ...closing].join('\n\n');
  const html = [greeting, ...parts, ...closing].map(actionHtml).join('\n');
  return {
    kind,
    subject,
    text: `${text}\n`,
    html: `<!doctype html>\n<html><body>\n${html}\n</body></html>\n`,
  };
}

function link(action: Action): string {
  // Relative to APP_URL's own path, so an app served under /accounts/ keeps it.
  const base = action.appUrl.endsWith('/') ? action.appUrl : `${action.appUrl}/`;
  const url = new URL(action.page.replace(/^\//, ''), base);
  url.searchParams.set('token', action.token);
  return url.href;
}

function validity(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
}

function actionText(part: string | Action): string {
  if (typeof part === 'string') return part;
  return [
    `${link(part)}`,
    `The link works once, for ${validity(part.validForSeconds)}. Its token, for other clients:`,
    `${part.token}`,
  ].join('\n\n');
}

function actionHtml(part: string | Action): string {
  if (typeof part === 'string') return `<p>${escapeHtml(part)}</p>`;
  const href = escapeHtml(link(part));
  return [
    `<p><a href="${href}">${href}</a></p>`,
    `<p>The link works once, for ${validity(part.validForSeconds)}. Its token, for other clients:</p>`,
    `<p><code>${escapeHtml(part.token)}</code></p>`,
  ].join('\n');
}
