// Forms with a message area and, under each field, a place for the API's reason when it
// refuses that field (`extensions.fields`). The browser's own validation is off (novalidate):
// the API decides what is valid, and its reasons are shown next to the fields.
import type { ApiError } from './client.js';
import { h } from './dom.js';
import { errorMessage, fieldMessage } from './messages.js';

export interface FieldOptions {
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  value?: string;
  hint?: string;
}

export interface FormOptions<Name extends string> {
  /** Prefix of the element ids: `${id}-${field}`, `${id}-${field}-error`, `${id}-message`. */
  id: string;
  fields: Record<Name, FieldOptions>;
  submitLabel: string;
  onSubmit: (values: Record<Name, string>, form: Form<Name>) => Promise<void>;
}

export class Form<Name extends string> {
  readonly element: HTMLFormElement;
  private readonly inputs = new Map<Name, HTMLInputElement>();
  private readonly errors = new Map<Name, HTMLElement>();
  private readonly message: HTMLElement;
  private readonly button: HTMLButtonElement;

  constructor(private readonly options: FormOptions<Name>) {
    const { id } = options;
    this.message = h('div', { id: `${id}-message`, class: 'form-message', 'aria-live': 'polite' });
    this.button = h('button', { type: 'submit' }, options.submitLabel);
    const fields = (Object.entries(options.fields) as [Name, FieldOptions][]).map(([name, field]) =>
      this.field(name, field),
    );
    this.element = h(
      'form',
      { id, novalidate: true, onsubmit: (event) => void this.submit(event) },
      this.message,
      fields,
      h('div', { class: 'actions' }, this.button),
    );
  }

  /** Shows a reason under a field (a sentence, or an element with a link in it). */
  fieldError(name: Name, reason: string | Node): void {
    const error = this.errors.get(name);
    error?.replaceChildren(reason);
    this.inputs.get(name)?.setAttribute('aria-invalid', 'true');
  }

  /** Shows an error above the form. */
  error(message: string | Node): void {
    this.message.className = 'form-message error';
    this.message.setAttribute('role', 'alert');
    this.message.replaceChildren(message);
  }

  /** Shows a success message above the form. */
  success(message: string | Node): void {
    this.message.className = 'form-message success';
    this.message.setAttribute('role', 'status');
    this.message.replaceChildren(message);
  }

  /** Shows an error from the API: each refused field's reason, and a message above. */
  apiError(error: ApiError): void {
    if (error.code === 'SIGNED_OUT') return; // the page is on its way to Login
    const unknownFields: string[] = [];
    for (const [field, problem] of Object.entries(error.fields)) {
      if (this.inputs.has(field as Name))
        this.fieldError(field as Name, fieldMessage(field, problem));
      else unknownFields.push(`${field}: ${fieldMessage(field, problem)}`);
    }
    this.error([errorMessage(error), ...unknownFields].join(' '));
    const firstInvalid = this.element.querySelector<HTMLInputElement>('[aria-invalid="true"]');
    firstInvalid?.focus();
  }

  setValue(name: Name, value: string): void {
    const input = this.inputs.get(name);
    if (input) input.value = value;
  }

  private clear(): void {
    for (const [name, error] of this.errors) {
      error.replaceChildren();
      this.inputs.get(name)?.removeAttribute('aria-invalid');
    }
    this.message.className = 'form-message';
    this.message.removeAttribute('role');
    this.message.replaceChildren();
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.button.disabled) return;
    this.clear();
    const values = {} as Record<Name, string>;
    for (const [name, input] of this.inputs) values[name] = input.value;
    this.button.disabled = true;
    this.element.setAttribute('aria-busy', 'true');
    try {
      await this.options.onSubmit(values, this);
    } finally {
      this.button.disabled = false;
      this.element.removeAttribute('aria-busy');
    }
  }

  private field(name: Name, field: FieldOptions): HTMLElement {
    const id = `${this.options.id}-${name}`;
    const hint = field.hint ? h('p', { id: `${id}-hint`, class: 'hint' }, field.hint) : undefined;
    const error = h('p', { id: `${id}-error`, class: 'field-error' });
    const input = h('input', {
      id,
      name,
      type: field.type ?? 'text',
      autocomplete: field.autocomplete,
      value: field.value,
      'aria-describedby': [hint?.id, error.id].filter(Boolean).join(' '),
    });
    this.inputs.set(name, input);
    this.errors.set(name, error);
    return h('div', { class: 'field' }, h('label', { for: id }, field.label), input, hint, error);
  }
}
