import { WebRegisterDocument } from '../../../generated/web/graphql.js';
import { send } from '../client.js';
import { h, link } from '../dom.js';
import { Form } from '../forms.js';
import { navigate, notify } from '../navigation.js';
import { startSession } from '../session.js';

export const PASSWORD_HINT =
  'Use a long passphrase: a few unrelated words. Common passwords, and ones made from your ' +
  'name, email or company, are refused.';

export function registerPage(view: HTMLElement): void {
  const form = new Form({
    id: 'register',
    fields: {
      name: { label: 'Name', autocomplete: 'name' },
      email: { label: 'Email', type: 'email', autocomplete: 'email' },
      company: { label: 'Company', autocomplete: 'organization' },
      password: {
        label: 'Password',
        type: 'password',
        autocomplete: 'new-password',
        hint: PASSWORD_HINT,
      },
      confirmPassword: {
        label: 'Repeat the password',
        type: 'password',
        autocomplete: 'new-password',
      },
    },
    submitLabel: 'Create account',
    async onSubmit({ confirmPassword, ...input }, form) {
      // The one check made here: the API never sees the repeated password.
      if (confirmPassword !== input.password) {
        form.fieldError('confirmPassword', 'The two passwords do not match.');
        form.error('Please correct the fields marked below.');
        return;
      }
      const result = await send(WebRegisterDocument, { input });
      if (result.error?.code === 'EMAIL_TAKEN') {
        form.fieldError(
          'email',
          h(
            'span',
            {},
            'An account with this email already exists. ',
            link(`/login`, 'Log in instead'),
            ' or ',
            link('/forgot-password', 'reset your password'),
            '.',
          ),
        );
        form.error('An account with this email already exists.');
      } else if (result.error) {
        form.apiError(result.error);
      } else {
        const { user } = result.data.register;
        startSession(result.data.register);
        notify(`Welcome, ${user.name}! We sent a link to ${user.email} to confirm the address.`);
        navigate('/profile');
      }
    },
  });
  view.append(form.element, h('p', {}, 'Already have an account? ', link('/login', 'Log in')));
}
