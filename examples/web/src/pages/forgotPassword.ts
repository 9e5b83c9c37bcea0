import { WebRequestPasswordResetDocument } from '../../../generated/web/graphql.js';
import { send } from '../client.js';
import { h, link, show } from '../dom.js';
import { Form } from '../forms.js';

export function forgotPasswordPage(view: HTMLElement): void {
  const intro = h(
    'p',
    {},
    'Enter the email address of your account, and we will send it a link to choose a new password.',
  );
  const form = new Form({
    id: 'forgot-password',
    fields: { email: { label: 'Email', type: 'email', autocomplete: 'email' } },
    submitLabel: 'Send the link',
    async onSubmit({ email }, form) {
      const result = await send(WebRequestPasswordResetDocument, { email });
      if (result.error) return form.apiError(result.error);
      // The API answers the same whether or not the address has an account.
      show(
        view,
        h(
          'div',
          { class: 'form-message success', role: 'status' },
          `If ${email.trim()} belongs to an account, a message with a link is on its way. ` +
            'The link works once, for a limited time.',
        ),
        h('p', {}, link('/login', 'Back to log in')),
      );
    },
  });
  view.append(intro, form.element, h('p', {}, link('/login', 'Back to log in')));
}
