import {
  WebChangeEmailDocument,
  WebMeDocument,
  WebRequestEmailVerificationDocument,
  WebSaveProfileDocument,
  type WebMeQuery,
} from '../../../generated/web/graphql.js';
import { h, formatDate, link, show } from '../dom.js';
import { Form } from '../forms.js';
import { errorMessage } from '../messages.js';
import { authorized } from '../session.js';

type Me = WebMeQuery['me'];

export async function profilePage(view: HTMLElement): Promise<void> {
  const loading = h('p', { class: 'muted' }, 'Loading your profile…');
  view.append(loading);
  const result = await authorized(WebMeDocument, {});
  if (result.error) {
    if (result.error.code !== 'SIGNED_OUT')
      show(loading, h('span', { class: 'error' }, errorMessage(result.error)));
    return;
  }
  const me = result.data.me;
  const summary = h('section', { class: 'card', 'aria-labelledby': 'summary-name' });
  const renderSummary = () => show(summary, ...summaryContent(me));
  renderSummary();

  const profileForm = new Form({
    id: 'profile',
    fields: {
      name: { label: 'Name', autocomplete: 'name', value: me.name },
      company: { label: 'Company', autocomplete: 'organization', value: me.company },
    },
    submitLabel: 'Save',
    async onSubmit(values, form) {
      const saved = await authorized(WebSaveProfileDocument, values);
      const user = saved.data?.updateUsers.users[0];
      if (saved.error) form.apiError(saved.error);
      else if (!user) form.error('Your profile could not be saved. Please reload the page.');
      else {
        Object.assign(me, user);
        renderSummary();
        form.setValue('name', user.name);
        form.setValue('company', user.company);
        form.success('Your profile was saved.');
      }
    },
  });

  const emailForm = new Form({
    id: 'change-email',
    fields: {
      newEmail: { label: 'New email', type: 'email', autocomplete: 'email' },
      password: { label: 'Your password', type: 'password', autocomplete: 'current-password' },
    },
    submitLabel: 'Send a confirmation link',
    async onSubmit(input, form) {
      const sent = await authorized(WebChangeEmailDocument, { input });
      if (sent.error?.code === 'INVALID_CREDENTIALS') {
        form.fieldError('password', 'This is not your password.');
        form.error('Please correct the fields marked below.');
      } else if (sent.error) form.apiError(sent.error);
      else
        form.success(
          `We sent a link to ${input.newEmail}. Your email changes when you open it; ` +
            'until then it stays as it is.',
        );
    },
  });

  loading.remove();
  view.append(
    summary,
    h('section', {}, h('h2', {}, 'Name and company'), profileForm.element),
    h(
      'section',
      {},
      h('h2', {}, 'Email address'),
      h('p', { class: 'muted' }, 'A new address is used once you confirm it from its mailbox.'),
      emailForm.element,
    ),
    h(
      'p',
      {},
      link('/change-password', 'Change your password'),
      ' · ',
      link('/sessions', 'Where you are signed in'),
    ),
  );
}

function summaryContent(me: Me): Node[] {
  return [
    h('h2', { id: 'summary-name' }, me.name),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, 'Email'),
      h('dd', { id: 'summary-email' }, me.email, ' ', verification(me)),
      h('dt', {}, 'Company'),
      h('dd', { id: 'summary-company' }, me.company),
      h('dt', {}, 'Member since'),
      h('dd', {}, formatDate(me.createdAt)),
      h('dt', {}, 'Last changed'),
      h('dd', {}, formatDate(me.updatedAt)),
    ),
  ];
}

function verification(me: Me): Node {
  if (me.emailVerified) return h('span', { class: 'badge ok' }, 'confirmed');
  const status = h('span', { class: 'muted' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: () => {
        button.disabled = true;
        void authorized(WebRequestEmailVerificationDocument, {}).then((result) => {
          button.disabled = false;
          if (result.error?.code === 'SIGNED_OUT') return;
          show(
            status,
            result.error ? errorMessage(result.error) : `We sent a new link to ${me.email}.`,
          );
        });
      },
    },
    'Send a new confirmation link',
  );
  return h('span', {}, h('span', { class: 'badge' }, 'not confirmed'), ' ', button, ' ', status);
}
