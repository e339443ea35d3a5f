import { randomUUID } from 'node:crypto';
import type { Child } from 'hono/jsx';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, FormFields } from '../http/env.ts';

/** Hidden fields every form carries: the session's CSRF token (checked on every POST) and the form's idempotency key. */
export const CSRF_FIELD = '_csrf';
export const IDEMPOTENCY_FIELD = '_idempotency';
export const CONFIRMED_FIELD = '_bestaetigt';

/**
 * A POST form of the app. `idempotencyKey` is made when the form is rendered and sent as the API call's
 * Idempotency-Key (`idempotencyKeyOf`): a double click or a reload replays the first answer instead of acting twice.
 * Pass the key of the submitted form when re-rendering it after a problem, so the retry stays the same request.
 */
export function PostForm(props: { c: BackofficeContext; action: string; idempotencyKey?: string; children?: Child; class?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={props.c.get('session').csrfToken} />
      <input type="hidden" name={IDEMPOTENCY_FIELD} value={props.idempotencyKey ?? randomUUID()} />
      {props.children}
    </form>
  );
}

/** The submitted form's idempotency key; a form without one (it was not rendered by PostForm) gets a fresh key. */
export const idempotencyKeyOf = (form: FormFields) =>
  /^[A-Za-z0-9-]{8,64}$/.test(form[IDEMPOTENCY_FIELD] ?? '') ? (form[IDEMPOTENCY_FIELD] as string) : randomUUID();

/** The error of one field (the API's field path, e.g. `capacity` or `venue.city`), if the problem names it. */
export const fieldError = (problem: ApiProblem | undefined, field: string) => problem?.fieldErrors[field];

interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string;
  /** Shown under the label, tied to the input with aria-describedby; the input is aria-invalid. */
  error?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'datetime-local' | 'search';
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'text';
  /** The id of the input; default `feld-<name>`. */
  id?: string;
}

const idOf = (name: string) => `feld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/**
 * Label, hint and error of a field, and what its control needs to be tied to them: the id, `aria-describedby`
 * (hint and error) and `aria-invalid` (WCAG 1.3.1, 3.3.1). Every field component renders its control inside.
 */
function FieldFrame(
  props: FieldProps & { control: (a11y: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => Child },
) {
  const id = props.id ?? idOf(props.name);
  const a11y = {
    id,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(props.hint && `${id}-hinweis`, props.error && `${id}-fehler`),
  };
  return (
    <div class={props.error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <label class="kern-label" for={id}>
        {props.label}
        {!props.required && <span class="kern-label__optional"> – optional</span>}
      </label>
      {props.hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {props.hint}
        </div>
      )}
      {props.error && <FieldErrorText id={`${id}-fehler`} text={props.error} />}
      {props.control(a11y)}
    </div>
  );
}

/** A labelled KERN input with hint and error. */
export const TextField = (props: FieldProps) => (
  <FieldFrame
    {...props}
    control={(a11y) => (
      <input
        {...a11y}
        class={props.error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
      />
    )}
  />
);

/** A labelled KERN select; `options` as [value, label]. */
export const SelectField = (
  props: Omit<FieldProps, 'type' | 'autocomplete' | 'inputmode'> & { options: readonly (readonly [string, string])[] },
) => (
  <FieldFrame
    {...props}
    control={(a11y) => (
      <div class="kern-form-input__select-wrapper">
        <select
          {...a11y}
          class={props.error ? 'kern-form-input__select kern-form-input__select--error' : 'kern-form-input__select'}
          name={props.name}
          required={props.required}
        >
          {props.options.map(([value, label]) => (
            <option value={value} selected={value === (props.value ?? '')}>
              {label}
            </option>
          ))}
        </select>
      </div>
    )}
  />
);

const FieldErrorText = ({ id, text }: { id: string; text: string }) => (
  <p class="kern-error" id={id}>
    <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
    <span class="kern-body">{text}</span>
  </p>
);

/** The primary action of a form (KERN primary button); `secondary` for the others. */
export const SubmitButton = ({ label, secondary, name, value }: { label: string; secondary?: boolean; name?: string; value?: string }) => (
  <button type="submit" class={secondary ? 'kern-btn kern-btn--secondary' : 'kern-btn kern-btn--primary'} name={name} value={value}>
    <span class="kern-label">{label}</span>
  </button>
);
