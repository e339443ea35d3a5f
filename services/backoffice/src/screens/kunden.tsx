import { query } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import { BASE, type BackofficeContext, type FormFields } from '../http/env.ts';
import { ownAsset } from '../ui/assets.ts';
import { FilterForm } from '../ui/filters.tsx';
import { fieldError, PostForm, SelectField, SubmitButton, TextField } from '../ui/form.tsx';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { leitwegIdProblem } from '../ui/static/leitweg-id.js';
import { type Column, DataTable } from '../ui/table.tsx';
import type { Customer, Page } from './rechnungen/api.ts';
import { BILLING_LABELS } from './rechnungen/labels.tsx';
import type { Screen } from './screen.ts';

const KUNDEN = `${BASE}/kunden`;
const PAGE_SIZE = 25;
const BILLING_OPTIONS = Object.entries(BILLING_LABELS) as [string, string][];

const columns: Column<Customer>[] = [
  {
    header: 'Kommune',
    cell: (k) => (
      <a class="kern-link" href={`${KUNDEN}/${k.id}`}>
        {k.name}
      </a>
    ),
  },
  { header: 'Leitweg-ID', cell: (k) => k.leitwegId ?? <Badge tone="warning">fehlt</Badge> },
  { header: 'Rechnungs-E-Mail', cell: (k) => k.invoiceEmail },
  { header: 'Abrechnung', cell: (k) => BILLING_LABELS[k.billing] },
  { header: 'Zahlungsziel', numeric: true, cell: (k) => `${k.paymentTermsDays} Tage` },
];

async function listPage(c: BackofficeContext) {
  const filters = { q: c.req.query('q') ?? '', abrechnung: c.req.query('abrechnung') ?? '', leitweg: c.req.query('leitweg') ?? '' };
  const cursor = c.req.query('cursor');
  const result = await c.get('api').get<Page<Customer>>(
    `/v1/customers${query({
      q: filters.q.trim(),
      billingMode: filters.abrechnung,
      missingLeitwegId: filters.leitweg === 'fehlt' ? 'true' : undefined,
      limit: PAGE_SIZE,
      cursor,
    })}`,
  );
  return renderPage(
    c,
    'Kunden',
    <>
      <p class="kern-body">Die Kommunen als Rechnungsempfänger. Ohne gültige Leitweg-ID werden ihre Rechnungen angehalten.</p>
      <FilterForm action={KUNDEN} label="Kunden filtern">
        <TextField name="q" label="Name" type="search" value={filters.q} />
        <SelectField name="abrechnung" label="Abrechnung" options={[['', 'Alle'], ...BILLING_OPTIONS]} value={filters.abrechnung} />
        <SelectField
          name="leitweg"
          label="Leitweg-ID"
          options={[
            ['', 'Alle'],
            ['fehlt', 'Nur ohne Leitweg-ID'],
          ]}
          value={filters.leitweg}
        />
      </FilterForm>
      {!result.ok && <ProblemMessage problem={result.problem} title="Die Kunden konnten nicht geladen werden" />}
      <DataTable
        caption="Kommunen als Kunden"
        columns={columns}
        rows={result.ok ? result.body.items : []}
        empty="Keine Kunden zu diesen Filtern."
      />
      <Pagination href={KUNDEN} params={filters} nextCursor={result.ok ? result.body.nextCursor : null} isFirstPage={!cursor} />
    </>,
  );
}

/** The form's values: the customer as it is, or as it was sent. Field names are the API's paths, so its errors land at them. */
const valuesOf = (k: Customer): FormFields => ({
  name: k.name,
  invoiceEmail: k.invoiceEmail,
  leitwegId: k.leitwegId ?? '',
  'billingAddress.department': k.billingAddress.department,
  'billingAddress.street': k.billingAddress.street,
  'billingAddress.postalCode': k.billingAddress.postalCode,
  'billingAddress.city': k.billingAddress.city,
  'billingAddress.country': k.billingAddress.country,
  billing: k.billing,
  paymentTermsDays: String(k.paymentTermsDays),
  supplierNumber: k.supplierNumber ?? '',
});

/**
 * The Leitweg-ID field: like TextField, but its message region is always there and polite, so the check as you
 * type (ui/static/leitweg-id.js) is read out where the field is; the server's message lands in the same place.
 */
function LeitwegIdField({ value, error }: { value: string; error?: string | undefined }) {
  const id = 'feld-leitwegId';
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <label class="kern-label" for={id}>
        Leitweg-ID<span class="kern-label__optional"> – optional</span>
      </label>
      <div class="kern-hint" id={`${id}-hinweis`}>
        Von der Kommune, zum Beispiel 03403000-57. Ohne gültige Leitweg-ID werden Rechnungen an diese Kommune angehalten.
      </div>
      <div id={`${id}-pruefung`} aria-live="polite">
        {error && (
          <p class="kern-error">
            <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
            <span class="kern-body">{error}</span>
          </p>
        )}
      </div>
      <input
        id={id}
        class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        name="leitwegId"
        type="text"
        value={value}
        autocomplete="off"
        aria-describedby={`${id}-hinweis ${id}-pruefung`}
        aria-invalid={error ? 'true' : undefined}
        data-leitweg-id={`${id}-pruefung`}
      />
    </div>
  );
}

function CustomerForm(props: { c: BackofficeContext; id: string; values: FormFields; errors: Record<string, string | undefined> }) {
  const { values, errors } = props;
  const field = (name: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField name={name} label={label} value={values[name]} error={errors[name]} required {...extra} />
  );
  return (
    <PostForm c={props.c} action={`${KUNDEN}/${props.id}`}>
      <fieldset class="kern-fieldset">
        <legend class="kern-label kern-label--large">Rechnungsempfang</legend>
        <div class="kern-fieldset__body">
          {field('name', 'Name der Kommune', { autocomplete: 'organization' })}
          {field('invoiceEmail', 'Rechnungs-E-Mail', {
            type: 'email',
            autocomplete: 'email',
            hint: 'Dorthin gehen Rechnungen und Stornorechnungen.',
          })}
          <LeitwegIdField value={values.leitwegId ?? ''} error={errors.leitwegId} />
          {field('supplierNumber', 'Kreditorennummer', {
            required: false,
            hint: 'Die Nummer des Instituts bei der Kommune; steht auf jeder Rechnung.',
          })}
        </div>
      </fieldset>
      <fieldset class="kern-fieldset app-section">
        <legend class="kern-label kern-label--large">Rechnungsanschrift</legend>
        <div class="kern-fieldset__body">
          {field('billingAddress.department', 'Dienststelle / Fachdienst', { required: false })}
          {field('billingAddress.street', 'Straße und Hausnummer', { autocomplete: 'street-address' })}
          {field('billingAddress.postalCode', 'Postleitzahl', { autocomplete: 'postal-code', inputmode: 'numeric' })}
          {field('billingAddress.city', 'Ort', { autocomplete: 'address-level2' })}
          {field('billingAddress.country', 'Land', { hint: 'Zwei Buchstaben, DE für Deutschland.', autocomplete: 'country' })}
        </div>
      </fieldset>
      <fieldset class="kern-fieldset app-section">
        <legend class="kern-label kern-label--large">Abrechnung</legend>
        <div class="kern-fieldset__body">
          <SelectField name="billing" label="Abrechnung" required options={BILLING_OPTIONS} value={values.billing} error={errors.billing} />
          {field('paymentTermsDays', 'Zahlungsziel in Tagen', {
            inputmode: 'numeric',
            hint: 'Tage vom Rechnungsdatum bis zur Fälligkeit, 0 bis 120.',
          })}
        </div>
      </fieldset>
      <div class="app-actions">
        <SubmitButton label="Speichern" />
        <a class="kern-btn kern-btn--secondary" href={KUNDEN}>
          <span class="kern-label">Abbrechen</span>
        </a>
      </div>
    </PostForm>
  );
}

async function editPage(
  c: BackofficeContext,
  id: string,
  sent?: { values: FormFields; errors: Record<string, string | undefined>; problem?: ApiProblem },
) {
  const result = await c.get('api').get<Customer>(`/v1/customers/${id}`);
  if (!result.ok) {
    return renderPage(
      c,
      'Kunde',
      <>
        <ProblemMessage problem={result.problem} title="Der Kunde konnte nicht geladen werden" />
        <p class="kern-body">
          <a class="kern-link" href={KUNDEN}>
            Zurück zu den Kunden
          </a>
        </p>
      </>,
      result.problem.status === 404 ? 404 : 200,
    );
  }
  return renderPage(
    c,
    result.body.name,
    <>
      <p class="kern-body">
        <a class="kern-link" href={KUNDEN}>
          Alle Kunden
        </a>
      </p>
      {sent?.problem && <ProblemMessage problem={sent.problem} title="Die Änderungen wurden nicht gespeichert" />}
      <p class="kern-body">
        Entwürfe übernehmen die Änderungen; ausgestellte Rechnungen behalten die Angaben, mit denen sie ausgestellt wurden.
      </p>
      <CustomerForm c={c} id={id} values={sent?.values ?? valuesOf(result.body)} errors={sent?.errors ?? {}} />
      <script type="module" src={ownAsset('leitweg-id.js')} />
    </>,
  );
}

const REQUIRED: Record<string, string> = {
  name: 'Bitte geben Sie den Namen an.',
  invoiceEmail: 'Bitte geben Sie die E-Mail-Adresse für Rechnungen an.',
  'billingAddress.street': 'Bitte geben Sie Straße und Hausnummer an.',
  'billingAddress.postalCode': 'Bitte geben Sie die Postleitzahl an.',
  'billingAddress.city': 'Bitte geben Sie den Ort an.',
};

/** The form's own checks, in German; the API checks everything again (and the Leitweg-ID's check digits). */
function formErrors(values: FormFields): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(REQUIRED)) if (!values[name]?.trim()) errors[name] = message;
  if (values.invoiceEmail?.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.invoiceEmail.trim()))
    errors.invoiceEmail = 'Bitte geben Sie eine E-Mail-Adresse an, zum Beispiel rechnungseingang@kommune.example.';
  if (!/^\d{1,3}$/.test(values.paymentTermsDays?.trim() ?? '') || Number(values.paymentTermsDays) > 120)
    errors.paymentTermsDays = 'Bitte geben Sie eine ganze Zahl von 0 bis 120 an.';
  if (!/^[A-Za-z]{2}$/.test(values['billingAddress.country']?.trim() ?? ''))
    errors['billingAddress.country'] = 'Bitte zwei Buchstaben, zum Beispiel DE.';
  return errors;
}

const text = (values: FormFields, name: string) => values[name]?.trim() ?? '';
const orNull = (value: string) => (value === '' ? null : value);

const bodyOf = (values: FormFields) => ({
  name: text(values, 'name'),
  invoiceEmail: text(values, 'invoiceEmail'),
  leitwegId: orNull(text(values, 'leitwegId')),
  billingAddress: {
    department: text(values, 'billingAddress.department'),
    street: text(values, 'billingAddress.street'),
    postalCode: text(values, 'billingAddress.postalCode'),
    city: text(values, 'billingAddress.city'),
    country: text(values, 'billingAddress.country').toUpperCase(),
  },
  billing: text(values, 'billing'),
  paymentTermsDays: Number(text(values, 'paymentTermsDays')),
  supplierNumber: orNull(text(values, 'supplierNumber')),
});

/** The API's field errors at the form's fields; the Leitweg-ID's in German, as the check as you type says it. */
function apiErrors(problem: ApiProblem, values: FormFields): Record<string, string | undefined> {
  const errors: Record<string, string | undefined> = { ...problem.fieldErrors };
  const leitweg = fieldError(problem, 'leitwegId');
  if (leitweg || problem.code === 'invalid-leitweg-id') errors.leitwegId = leitwegIdProblem(text(values, 'leitwegId')) ?? leitweg;
  return errors;
}

async function save(c: BackofficeContext, id: string) {
  const values = c.get('form');
  const errors = formErrors(values);
  if (Object.keys(errors).length > 0) return editPage(c, id, { values, errors });
  const answer = await c.get('api').put<Customer>(`/v1/customers/${id}`, bodyOf(values));
  if (!answer.ok) return editPage(c, id, { values, errors: apiErrors(answer.problem, values), problem: answer.problem });
  return redirectWithOutcome(c, KUNDEN, `${answer.body.name} gespeichert.`);
}

/** Kunden: the municipalities as invoice recipients, with the Leitweg-ID checked as it is typed. */
export const customers: Screen = {
  path: '/kunden',
  area: 'billing',
  nav: { label: 'Kunden', order: 40 },
  routes(router) {
    router.get('/', (c) => listPage(c));
    router.get('/:id{[a-z0-9-]{2,60}}', (c) => editPage(c, c.req.param('id')));
    router.post('/:id{[a-z0-9-]{2,60}}', (c) => save(c, c.req.param('id')));
  },
};
