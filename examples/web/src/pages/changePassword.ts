import { WebChangePasswordDocument } from '../../../generated/web/graphql.js';
import { h, link } from '../dom.js';
import { Form } from '../forms.js';
import { authorized, startSession } from '../session.js';
import { PASSWORD_HINT } from './register.js';

export function changePasswordPage(view: HTMLElement): void {
  const form = new Form({
    id: 'change-password',
    fields: {
      currentPassword: {
        label: 'Current password',
        type: 'password',
        autocomplete: 'current-password',
      },
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
    submitLabel: 'Change password',
    async onSubmit({ currentPassword, newPassword, confirmPassword }, form) {
      if (confirmPassword !== newPassword) {
        form.fieldError('confirmPassword', 'The two passwords do not match.');
        form.error('Please correct the fields marked below.');
        return;
      }
      const input = { currentPassword, newPassword };
      const result = await authorized(WebChangePasswordDocument, { input });
      if (result.error?.code === 'INVALID_CREDENTIALS') {
        form.fieldError('currentPassword', 'This is not your current password.');
        form.error('Please correct the fields marked below.');
      } else if (result.error) form.apiError(result.error);
      else {
        // The API ended every other session and returned new tokens for this one.
        startSession(result.data.changePassword);
        for (const name of ['currentPassword', 'newPassword', 'confirmPassword'] as const)
          form.setValue(name, '');
        form.success(
          'Your password was changed. Every other browser and device has been signed out.',
        );
      }
    },
  });
  view.append(form.element, h('p', {}, link('/profile', 'Back to your profile')));
}
