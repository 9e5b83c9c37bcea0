import { WebLoginDocument } from '../../../generated/web/graphql.js';
import { send } from '../client.js';
import { h, link } from '../dom.js';
import { Form } from '../forms.js';
import { navigate, nextPath } from '../navigation.js';
import { startSession } from '../session.js';

export function loginPage(view: HTMLElement, search: URLSearchParams): void {
  const form = new Form({
    id: 'login',
    fields: {
      email: { label: 'Email', type: 'email', autocomplete: 'username' },
      password: { label: 'Password', type: 'password', autocomplete: 'current-password' },
    },
    submitLabel: 'Log in',
    async onSubmit(input, form) {
      const result = await send(WebLoginDocument, { input });
      if (result.error) form.apiError(result.error);
      else {
        startSession(result.data.login);
        navigate(nextPath(search));
      }
    },
  });
  view.append(
    form.element,
    h('p', {}, link('/forgot-password', 'Forgot your password?')),
    h('p', {}, 'No account yet? ', link('/register', 'Create one')),
  );
}
