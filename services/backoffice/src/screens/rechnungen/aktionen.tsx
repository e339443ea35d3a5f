import type { Hono } from 'hono';
import type { BackofficeContext, BackofficeEnv } from '../../http/env.ts';
import { ConfirmStep, isConfirmed } from '../../ui/confirm.tsx';
import { fieldError, idempotencyKeyOf, PostForm, SubmitButton, TextField } from '../../ui/form.tsx';
import { formatDate, formatEuro, isoDay } from '../../ui/format.ts';
import { ProblemMessage } from '../../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../../ui/page.tsx';
import { Section } from '../../ui/section.tsx';
import type { Invoice } from './api.ts';
import { parseEuroCents } from './betrag.ts';
import type { AfterAction } from './detail.tsx';
import { reasonText } from './labels.tsx';
import { RECHNUNGEN } from './lauf.tsx';

type InvoicePage = (c: BackofficeContext, id: string, after?: AfterAction) => Promise<Response>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const payable = (i: Invoice) => i.type === 'invoice' && (i.status === 'issued' || i.status === 'partially-paid');
const cancellable = (i: Invoice) =>
  i.type === 'invoice' && !i.cancelledBy && (i.status === 'issued' || i.status === 'partially-paid' || i.status === 'paid');
const issuable = (i: Invoice) => i.status === 'draft' || i.status === 'held';
const nameOf = (i: Invoice) => i.number ?? 'ohne Nummer';

/** The forms of what can be done with this invoice now; after a failed try, with its values, problem and the same key. */
export function ActionForms({ c, invoice, after }: { c: BackofficeContext; invoice: Invoice; after: AfterAction }) {
  const mine = (action: AfterAction['action']) => (after.action === action ? after : undefined);
  const base = `${RECHNUNGEN}/${invoice.id}`;
  const pay = mine('zahlung');
  const cancel = mine('stornieren');
  const issue = mine('ausstellen');
  return (
    <>
      {payable(invoice) && (
        <Section id="zahlung-erfassen" title="Zahlung erfassen">
          {pay?.problem && <ProblemMessage problem={pay.problem} title="Die Zahlung wurde nicht erfasst" />}
          <PostForm c={c} action={`${base}/zahlung`} idempotencyKey={pay?.form && idempotencyKeyOf(pay.form)}>
            <div class="kern-fieldset__body kern-fieldset__body--horizontal">
              <TextField
                name="betrag"
                label="Betrag in Euro"
                required
                inputmode="decimal"
                hint={`Zum Beispiel 1.234,50. Offen: ${formatEuro(invoice.totals.outstandingCents)}.`}
                value={pay?.form?.betrag}
                error={pay?.fieldErrors?.betrag}
              />
              <TextField
                name="datum"
                label="Zahlungsdatum"
                type="date"
                required
                value={pay?.form?.datum ?? isoDay(new Date())}
                error={pay?.fieldErrors?.datum}
              />
              <TextField
                name="referenz"
                label="Verwendungszweck / Referenz"
                hint="Zum Beispiel das Kassenzeichen aus dem Kontoauszug."
                value={pay?.form?.referenz}
                error={pay?.fieldErrors?.referenz}
              />
            </div>
            <div class="app-actions">
              <SubmitButton label="Zahlung erfassen" />
            </div>
          </PostForm>
        </Section>
      )}
      {issuable(invoice) && (
        <Section id="ausstellen" title="Einzeln ausstellen">
          {issue?.problem && <ProblemMessage problem={issue.problem} title="Die Rechnung wurde nicht ausgestellt" />}
          <p class="kern-body">Stellt nur diese Rechnung aus, ohne Rechnungslauf.</p>
          <PostForm c={c} action={`${base}/ausstellen`} idempotencyKey={issue?.form && idempotencyKeyOf(issue.form)}>
            <div class="app-actions">
              <SubmitButton label="Diese Rechnung ausstellen" secondary />
            </div>
          </PostForm>
        </Section>
      )}
      {cancellable(invoice) && (
        <Section id="stornieren" title="Stornieren">
          {cancel?.problem && <ProblemMessage problem={cancel.problem} title="Die Rechnung wurde nicht storniert" />}
          <p class="kern-body">
            Eine ausgestellte Rechnung wird nie geändert. Sie wird mit einer Stornorechnung aufgehoben; für eine Korrektur stellen Sie
            danach eine neue Rechnung aus.
          </p>
          <PostForm c={c} action={`${base}/stornieren`} idempotencyKey={cancel?.form && idempotencyKeyOf(cancel.form)}>
            <TextField
              name="grund"
              label="Grund der Stornierung"
              required
              hint="Steht auf der Stornorechnung, zum Beispiel: Rechnungsanschrift war falsch."
              value={cancel?.form?.grund}
              error={cancel?.fieldErrors?.grund}
            />
            <div class="app-actions">
              <SubmitButton label="Rechnung stornieren" secondary />
            </div>
          </PostForm>
        </Section>
      )}
    </>
  );
}

const apiField = (from: string, to: string, after: AfterAction) => {
  const error = fieldError(after.problem, from);
  return error ? { ...after, fieldErrors: { ...after.fieldErrors, [to]: error } } : after;
};

/** The invoice as the form's action found it (or its page with the problem when it cannot be read). */
async function loaded(c: BackofficeContext, id: string) {
  const result = await c.get('api').get<Invoice>(`/v1/invoices/${id}`);
  return result.ok ? result.body : undefined;
}

const confirmPage = (c: BackofficeContext, title: string, step: Parameters<typeof ConfirmStep>[0]) =>
  renderPage(c, title, <ConfirmStep {...step} />);

export function actionRoutes(router: Hono<BackofficeEnv>, invoicePage: InvoicePage) {
  router.post('/:id{[0-9a-fA-F-]{36}}/zahlung', async (c) => {
    const id = c.req.param('id');
    const form = c.get('form');
    const invoice = await loaded(c, id);
    if (!invoice) return invoicePage(c, id);
    const amountCents = parseEuroCents(form.betrag ?? '');
    const paidOn = form.datum ?? '';
    const fieldErrors: Record<string, string> = {};
    if (amountCents === null) fieldErrors.betrag = 'Bitte geben Sie den Betrag in Euro an, zum Beispiel 1.234,50.';
    if (!DAY.test(paidOn)) fieldErrors.datum = 'Bitte geben Sie das Datum der Zahlung an.';
    if (Object.keys(fieldErrors).length > 0 || amountCents === null) return invoicePage(c, id, { action: 'zahlung', form, fieldErrors });
    if (!isConfirmed(form)) {
      return confirmPage(c, 'Zahlung erfassen', {
        c,
        action: `${RECHNUNGEN}/${id}/zahlung`,
        form,
        question: `Zahlung über ${formatEuro(amountCents)} vom ${formatDate(paidOn)} zur Rechnung ${nameOf(invoice)} erfassen?`,
        confirmLabel: 'Ja, Zahlung erfassen',
        cancelHref: `${RECHNUNGEN}/${id}`,
        children: (
          <p class="kern-body">
            Offen sind {formatEuro(invoice.totals.outstandingCents)}. Eine erfasste Zahlung kann im Backoffice nicht gelöscht werden.
          </p>
        ),
      });
    }
    const reference = form.referenz?.trim();
    const answer = await c
      .get('api')
      .post<Invoice>(`/v1/invoices/${id}/payments`, { amountCents, paidOn, ...(reference ? { reference } : {}) }, idempotencyKeyOf(form));
    if (!answer.ok) {
      let after: AfterAction = { action: 'zahlung', form, problem: answer.problem };
      if (answer.problem.code === 'payment-exceeds-outstanding') {
        after = { ...after, fieldErrors: { betrag: `Es sind nur ${formatEuro(invoice.totals.outstandingCents)} offen.` } };
      }
      after = apiField('paidOn', 'datum', apiField('reference', 'referenz', apiField('amountCents', 'betrag', after)));
      return invoicePage(c, id, after);
    }
    const paid = answer.body.status === 'paid';
    return redirectWithOutcome(
      c,
      `${RECHNUNGEN}/${id}`,
      `Zahlung über ${formatEuro(amountCents)} erfasst. ${paid ? 'Die Rechnung ist bezahlt.' : `Offen: ${formatEuro(answer.body.totals.outstandingCents)}.`}`,
    );
  });

  router.post('/:id{[0-9a-fA-F-]{36}}/stornieren', async (c) => {
    const id = c.req.param('id');
    const form = c.get('form');
    const invoice = await loaded(c, id);
    if (!invoice) return invoicePage(c, id);
    const reason = form.grund?.trim() ?? '';
    if (!reason) return invoicePage(c, id, { action: 'stornieren', form, fieldErrors: { grund: 'Bitte geben Sie den Grund an.' } });
    if (!isConfirmed(form)) {
      return confirmPage(c, 'Rechnung stornieren', {
        c,
        action: `${RECHNUNGEN}/${id}/stornieren`,
        form,
        question: `Rechnung ${nameOf(invoice)} über ${formatEuro(invoice.totals.grossCents)} stornieren?`,
        confirmLabel: 'Ja, Stornorechnung ausstellen',
        cancelHref: `${RECHNUNGEN}/${id}`,
        children: (
          <p class="kern-body">
            Es wird eine Stornorechnung mit eigener Nummer ausgestellt und an {invoice.buyer?.name ?? 'die Kommune'} versandt. Die Rechnung{' '}
            {nameOf(invoice)} gilt danach als storniert. Das kann nicht rückgängig gemacht werden.
          </p>
        ),
      });
    }
    const answer = await c.get('api').post<Invoice>(`/v1/invoices/${id}/cancel`, { reason }, idempotencyKeyOf(form));
    if (!answer.ok) return invoicePage(c, id, apiField('reason', 'grund', { action: 'stornieren', form, problem: answer.problem }));
    const credit = answer.body;
    if (credit.status === 'held') {
      return invoicePage(c, credit.id, {
        notice: `Die Stornorechnung ist angehalten und hat noch keine Nummer: ${credit.hold ? reasonText(credit.hold) : ''}`,
      });
    }
    return redirectWithOutcome(
      c,
      `${RECHNUNGEN}/${id}`,
      `Rechnung ${nameOf(invoice)} storniert. Stornorechnung ${credit.number} ausgestellt.`,
    );
  });

  router.post('/:id{[0-9a-fA-F-]{36}}/ausstellen', async (c) => {
    const id = c.req.param('id');
    const form = c.get('form');
    const invoice = await loaded(c, id);
    if (!invoice) return invoicePage(c, id);
    if (!isConfirmed(form)) {
      return confirmPage(c, 'Rechnung ausstellen', {
        c,
        action: `${RECHNUNGEN}/${id}/ausstellen`,
        form,
        question: `Rechnung über ${formatEuro(invoice.totals.grossCents)} an ${invoice.buyer?.name ?? invoice.municipalityId} jetzt ausstellen?`,
        confirmLabel: 'Ja, ausstellen',
        cancelHref: `${RECHNUNGEN}/${id}`,
        children: (
          <p class="kern-body">
            Die Rechnung bekommt ihre endgültige Nummer und wird an die Kommune versandt. Das kann nicht rückgängig gemacht werden.
          </p>
        ),
      });
    }
    const answer = await c.get('api').post<Invoice>(`/v1/invoices/${id}/issue`, undefined, idempotencyKeyOf(form));
    if (!answer.ok) return invoicePage(c, id, { action: 'ausstellen', form, problem: answer.problem });
    if (answer.body.status === 'held') {
      return invoicePage(c, id, { notice: 'Die Rechnung konnte nicht ausgestellt werden und ist angehalten (Grund unten).' });
    }
    return redirectWithOutcome(c, `${RECHNUNGEN}/${id}`, `Rechnung ${answer.body.number} ausgestellt.`);
  });
}
