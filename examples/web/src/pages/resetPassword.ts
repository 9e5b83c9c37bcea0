import { WebResetPasswordDocument } from '../../../generated/web/graphql.js';
import { send } from '../client.js';
import { h, link } from '../dom.js';
import { Form } from '../forms.js';
import { errorMessage } from '../messages.js';
import { navigate, notify, takeTokenFromUrl } from '../navigation.js';
import { startSession } from '../session.js';
import { PASSWORD_HINT } from './register.js';

/** Opened from the password-reset message: /reset-password?token=… */
export function resetPasswordPage(view: HTMLElement, search: URLSearchParams): void {
  const token = takeTokenFromUrl(search);
  if (!token) {
    view.append(missingLink());
    return;
  }
  const form = new Form({
    id: 'reset-password',
    fields: {
      newPassword: {
        label: 'New password',
        type: 'password',
        autocomplete: 'new-password',
        hint: PASSWORD_HINT,
      },
      confirmPassword: {
        label: 'Repeat the new password',
        type: 'password',
        autocomplete: 'new-password',
      },
    },
    submitLabel: 'Set the new password',
    async onSubmit({ newPassword, confirmPassword }, form) {
      if (confirmPassword !== newPassword) {
        form.fieldError('confirmPassword', 'The two passwords do not match.');
        form.error('Please correct the fields marked below.');
        return;
      }
      const result = await send(WebResetPasswordDocument, { input: { token, newPassword } });
      if (result.error?.code === 'INVALID_TOKEN') {
        form.error(
          h(
            'span',
            {},
            `${errorMessage(result.error)} `,
            link('/forgot-password', 'Ask for a new link'),
            '.',
          ),
        );
      } else if (result.error) form.apiError(result.error);
      else {
        // A reset ends every session and signs this browser in with a new one.
        startSession(result.data.resetPassword);
        notify('Your password was reset, and every other session was signed out.');
        navigate('/profile');
      }
    },
  });
  view.append(h('p', {}, 'Choose a new password for your account.'), form.element);
}

function missingLink(): HTMLElement {
  return h(
    'p',
    { class: 'form-message error', role: 'alert' },
    'This page needs the link from your email, with its token. Open the link again, or ',
    link('/forgot-password', 'ask for a new one'),
    '.',
  );
}
