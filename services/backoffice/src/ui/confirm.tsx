import type { Child } from 'hono/jsx';
import type { BackofficeContext, FormFields } from '../http/env.ts';
import { CONFIRMED_FIELD, CSRF_FIELD, IDEMPOTENCY_FIELD, idempotencyKeyOf, PostForm, SubmitButton } from './form.tsx';
import { Alert } from './messages.tsx';

/** Was this POST sent from the confirmation step (ConfirmStep)? */
export const isConfirmed = (form: FormFields) => form[CONFIRMED_FIELD] === 'ja';

/**
 * The step before an action that cannot be undone: says what will happen, and posts the same form again with
 * `_bestaetigt=ja` and the same idempotency key. Without JavaScript: the screen's POST handler renders this when
 * `!isConfirmed(form)`, and acts when it is.
 */
export function ConfirmStep(props: {
  c: BackofficeContext;
  action: string;
  /** The submitted form; its fields are carried over (hidden). */
  form: FormFields;
  question: string;
  /** What will happen, e.g. the fee a cancellation costs. */
  children?: Child;
  confirmLabel: string;
  cancelHref: string;
}) {
  const carried = Object.entries(props.form).filter(([name]) => ![CSRF_FIELD, IDEMPOTENCY_FIELD, CONFIRMED_FIELD].includes(name));
  return (
    <section class="app-section" aria-labelledby="bestaetigung">
      <Alert tone="warning" title={props.question}>
        {props.children}
      </Alert>
      <h2 class="kern-heading-medium" id="bestaetigung">
        Bitte bestätigen
      </h2>
      <PostForm c={props.c} action={props.action} idempotencyKey={idempotencyKeyOf(props.form)}>
        {carried.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRMED_FIELD} value="ja" />
        <div class="app-actions">
          <SubmitButton label={props.confirmLabel} />
          <a class="kern-btn kern-btn--secondary" href={props.cancelHref}>
            <span class="kern-label">Abbrechen</span>
          </a>
        </div>
      </PostForm>
    </section>
  );
}
