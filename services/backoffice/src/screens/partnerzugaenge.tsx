import { query, type StaffApi } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import { type BackofficeContext, type FormFields, href } from '../http/env.ts';
import { CheckboxGroup, checkedValues, RadioGroup } from '../ui/choices.tsx';
import { ConfirmStep, isConfirmed } from '../ui/confirm.tsx';
import { FilterForm } from '../ui/filters.tsx';
import { CONFIRMED_FIELD, fieldError, idempotencyKeyOf, PostForm, SelectField, SubmitButton, TextField } from '../ui/form.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { RowActionButton } from '../ui/row-action.tsx';
import { DataTable } from '../ui/table.tsx';
import {
  type ApiKey,
  GRACE_CHOICES,
  KeyShownOnce,
  KeyStatus,
  type Municipalities,
  municipalityName,
  type RotatedApiKey,
  SCOPE_CHOICES,
  SecretNotKept,
  scopesText,
} from './partnerzugaenge-schluessel.tsx';
import type { Screen } from './screen.ts';

/** Partner API keys of the municipalities (admin): list, create (shown once), rotate with a grace period, revoke. */
const PATH = '/partnerzugaenge';
const BASE_HREF = href(PATH);
const PAGE_SIZE = 50;
const SCOPE_FIELD = 'recht-';
const DEFAULT_GRACE = '86400';

const listHref = (kommune?: string) => `${BASE_HREF}${query({ kommune })}`;

/** The municipalities the institute knows (its customers), to choose from; one page of 200 is all an institute has. */
async function municipalities(api: StaffApi): Promise<Municipalities> {
  const result = await api.get<{ items: { id: string; name: string }[] }>(`/v1/customers${query({ limit: 200 })}`);
  return result.ok ? result.body.items.map((m) => [m.id, m.name] as const) : [];
}

/** The hidden fields a row's action carries to its confirmation: what the page says about the key. */
const KeyFacts = ({ apiKey: key }: { apiKey: ApiKey }) => (
  <>
    <input type="hidden" name="name" value={key.name} />
    <input type="hidden" name="kennung" value={key.prefix ?? ''} />
    <input type="hidden" name="kommune" value={key.municipalityId ?? ''} />
  </>
);

function actions(c: BackofficeContext, key: ApiKey) {
  if (key.status !== 'active' || key.expiresAt) return '–';
  return (
    <div class="app-row-actions">
      <PostForm c={c} action={`${BASE_HREF}/${key.id}/erneuern`}>
        <KeyFacts apiKey={key} />
        <RowActionButton label="Erneuern" of={key.name} />
      </PostForm>
      <PostForm c={c} action={`${BASE_HREF}/${key.id}/widerrufen`}>
        <KeyFacts apiKey={key} />
        <RowActionButton label="Widerrufen" of={key.name} />
      </PostForm>
    </div>
  );
}

async function listPage(c: BackofficeContext) {
  const api = c.get('api');
  const kommune = c.req.query('kommune') || undefined;
  const cursor = c.req.query('cursor') || undefined;
  const [known, keys] = await Promise.all([
    municipalities(api),
    api.get<{ items: ApiKey[]; nextCursor: string | null }>(`/v1/api-keys${query({ municipalityId: kommune, limit: PAGE_SIZE, cursor })}`),
  ]);
  // The list also holds the back office's own keys (the app's, the bootstrap key): they are not partners' business.
  const rows = keys.ok ? keys.body.items.filter((k) => k.role === 'partner') : [];
  return renderPage(
    c,
    'Partnerzugänge',
    <>
      <p class="kern-body">
        Mit einem API-Schlüssel meldet eine Kommune ihre Beschäftigten aus dem eigenen System an. Hier legen Sie Schlüssel an, erneuern und
        widerrufen sie.
      </p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${BASE_HREF}/neu${query({ kommune })}`}>
          <span class="kern-label">Neuen Zugang anlegen</span>
        </a>
      </p>
      <FilterForm action={BASE_HREF}>
        <SelectField name="kommune" label="Kommune" value={kommune} options={[['', 'Alle Kommunen'], ...known]} />
      </FilterForm>
      {!keys.ok && <ProblemMessage problem={keys.problem} title="Die Zugänge konnten nicht geladen werden" />}
      <DataTable
        caption={kommune ? `API-Schlüssel von ${municipalityName(known, kommune)}` : 'API-Schlüssel aller Kommunen'}
        columns={[
          { header: 'Kommune', cell: (k) => municipalityName(known, k.municipalityId ?? '') },
          { header: 'Name', cell: (k) => k.name },
          { header: 'Kennung', cell: (k) => <code>{k.prefix ?? '–'}</code> },
          { header: 'Rechte', cell: (k) => scopesText(k.scopes) },
          { header: 'Angelegt', cell: (k) => formatDateTime(k.createdAt) },
          { header: 'Zuletzt benutzt', cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'noch nie') },
          { header: 'Status', cell: (k) => <KeyStatus apiKey={k} /> },
          { header: 'Aktionen', cell: (k) => actions(c, k) },
        ]}
        rows={rows}
        empty={kommune ? 'Diese Kommune hat noch keinen Zugang.' : 'Es gibt noch keine Partnerzugänge.'}
      />
      {keys.ok && <Pagination href={BASE_HREF} params={{ kommune }} nextCursor={keys.body.nextCursor} isFirstPage={!cursor} />}
    </>,
  );
}

const Actions = ({ label, cancelHref }: { label: string; cancelHref: string }) => (
  <div class="app-actions">
    <SubmitButton label={label} />
    <a class="kern-btn kern-btn--secondary" href={cancelHref}>
      <span class="kern-label">Abbrechen</span>
    </a>
  </div>
);

function createForm(
  c: BackofficeContext,
  known: Municipalities,
  form: FormFields,
  problem?: ApiProblem,
  errors: Record<string, string> = {},
) {
  return renderPage(
    c,
    'Neuen Partnerzugang anlegen',
    <>
      {problem && <ProblemMessage problem={problem} title="Der Zugang wurde nicht angelegt" />}
      <PostForm c={c} action={`${BASE_HREF}/neu`} idempotencyKey={idempotencyKeyOf(form)} class="app-stack">
        <SelectField
          name="kommune"
          label="Kommune"
          required
          value={form.kommune}
          error={errors.kommune ?? fieldError(problem, 'municipalityId')}
          hint="Fehlt die Kommune, legen Sie sie zuerst als Kunden an."
          options={[['', 'Bitte wählen'], ...known]}
        />
        <TextField
          name="name"
          label="Name des Zugangs"
          required
          value={form.name}
          hint="Woran Sie den Zugang erkennen, z. B. „Personalsoftware Stadt Oldenburg“."
          error={errors.name ?? fieldError(problem, 'name')}
        />
        <CheckboxGroup
          legend="Rechte"
          hint="Ohne Auswahl hat der Zugang alle Rechte einer Kommune."
          prefix={SCOPE_FIELD}
          choices={SCOPE_CHOICES}
          checked={checkedValues(form, SCOPE_FIELD, SCOPE_CHOICES)}
          error={fieldError(problem, 'scopes')}
        />
        <Actions label="Zugang anlegen" cancelHref={listHref(form.kommune)} />
      </PostForm>
    </>,
    problem || Object.keys(errors).length > 0 ? 422 : 200,
  );
}

async function create(c: BackofficeContext) {
  const form = c.get('form');
  const api = c.get('api');
  const known = await municipalities(api);
  const errors: Record<string, string> = {};
  if (!form.kommune) errors.kommune = 'Bitte wählen Sie die Kommune.';
  if (!form.name?.trim()) errors.name = 'Bitte geben Sie dem Zugang einen Namen.';
  if (Object.keys(errors).length > 0) return createForm(c, known, form, undefined, errors);
  const scopes = checkedValues(form, SCOPE_FIELD, SCOPE_CHOICES);
  const created = await api.post<ApiKey & { key: string }>(
    '/v1/api-keys',
    { municipalityId: form.kommune, name: form.name?.trim(), ...(scopes.length > 0 ? { scopes } : {}) },
    idempotencyKeyOf(form),
  );
  if (!created.ok) {
    if (created.problem.code === 'secret-not-kept') return secretNotKept(c, form.kommune);
    return createForm(c, known, form, created.problem);
  }
  return shownOnce(c, 'Neuer Partnerzugang', <KeyShownOnce created={created.body} known={known} />);
}

/** The answer that holds a key: never cached, never redirected to, never logged (it is in this body only). */
function shownOnce(c: BackofficeContext, title: string, body: unknown) {
  c.header('Cache-Control', 'no-store');
  return renderPage(c, title, body as never, 201);
}

const secretNotKept = (c: BackofficeContext, kommune: string | undefined) =>
  renderPage(c, 'Schlüssel nicht mehr abrufbar', <SecretNotKept back={listHref(kommune)} />, 409);

/** The rotation's own confirmation: how long the old key keeps working, and what happens. */
function rotateForm(c: BackofficeContext, id: string, form: FormFields, problem?: ApiProblem, error?: string) {
  const action = `${BASE_HREF}/${id}/erneuern`;
  return renderPage(
    c,
    'Zugang erneuern',
    <>
      {problem && <ProblemMessage problem={problem} title="Der Zugang wurde nicht erneuert" />}
      <p class="kern-body">
        Für den Zugang „{form.name}“ ({form.kennung || 'ohne Kennung'}) wird ein neuer Schlüssel erzeugt und einmal angezeigt. Name, Kommune
        und Rechte bleiben gleich. Der bisherige Schlüssel funktioniert nur noch so lange, wie Sie hier wählen.
      </p>
      <PostForm c={c} action={action} idempotencyKey={idempotencyKeyOf(form)} class="app-stack">
        <input type="hidden" name="name" value={form.name ?? ''} />
        <input type="hidden" name="kennung" value={form.kennung ?? ''} />
        <input type="hidden" name="kommune" value={form.kommune ?? ''} />
        <input type="hidden" name={CONFIRMED_FIELD} value="ja" />
        <RadioGroup
          legend="Wie lange soll der bisherige Schlüssel noch funktionieren?"
          hint="So hat die Kommune Zeit, den neuen Schlüssel in ihr System einzutragen."
          name="frist"
          value={form.frist ?? DEFAULT_GRACE}
          choices={GRACE_CHOICES}
          error={error ?? fieldError(problem, 'gracePeriodSeconds')}
        />
        <Actions label="Neuen Schlüssel erzeugen" cancelHref={listHref(form.kommune)} />
      </PostForm>
    </>,
    problem || error ? 422 : 200,
  );
}

async function rotate(c: BackofficeContext) {
  const id = c.req.param('id') ?? '';
  const form = c.get('form');
  if (!isConfirmed(form)) return rotateForm(c, id, form);
  if (!GRACE_CHOICES.some(([value]) => value === form.frist)) return rotateForm(c, id, form, undefined, 'Bitte wählen Sie eine Frist.');
  const api = c.get('api');
  const rotated = await api.post<RotatedApiKey>(
    `/v1/api-keys/${encodeURIComponent(id)}/rotate`,
    { gracePeriodSeconds: Number(form.frist) },
    idempotencyKeyOf(form),
  );
  if (!rotated.ok) {
    if (rotated.problem.code === 'secret-not-kept') return secretNotKept(c, form.kommune);
    return rotateForm(c, id, form, rotated.problem);
  }
  return shownOnce(c, 'Zugang erneuert', <KeyShownOnce created={rotated.body} known={await municipalities(api)} />);
}

async function revoke(c: BackofficeContext) {
  const id = c.req.param('id') ?? '';
  const form = c.get('form');
  const action = `${BASE_HREF}/${id}/widerrufen`;
  const confirm = (problem?: ApiProblem) =>
    renderPage(
      c,
      'Zugang widerrufen',
      <>
        {problem && <ProblemMessage problem={problem} title="Der Zugang wurde nicht widerrufen" />}
        <ConfirmStep
          c={c}
          action={action}
          form={form}
          question={`Zugang „${form.name}“ (${form.kennung || 'ohne Kennung'}) widerrufen?`}
          confirmLabel="Jetzt widerrufen"
          cancelHref={listHref(form.kommune)}
        >
          <p class="kern-body">
            Der Schlüssel wird sofort ungültig: Jede Anfrage mit ihm wird abgelehnt. Das lässt sich nicht rückgängig machen. Braucht die
            Kommune weiter Zugang, legen Sie einen neuen an oder erneuern Sie den Zugang stattdessen.
          </p>
        </ConfirmStep>
      </>,
      problem ? 422 : 200,
    );
  if (!isConfirmed(form)) return confirm();
  const revoked = await c.get('api').post<ApiKey>(`/v1/api-keys/${encodeURIComponent(id)}/revoke`, {}, idempotencyKeyOf(form));
  if (!revoked.ok) return confirm(revoked.problem);
  return redirectWithOutcome(
    c,
    listHref(form.kommune),
    `Der Zugang „${revoked.body.name}“ ist widerrufen. Sein Schlüssel wird ab sofort abgelehnt.`,
  );
}

export const partnerAccess: Screen = {
  path: PATH,
  area: 'administration',
  nav: { label: 'Partnerzugänge', order: 80 },
  routes(router) {
    router.get('/', (c) => listPage(c));
    router.get('/neu', async (c) => createForm(c, await municipalities(c.get('api')), { kommune: c.req.query('kommune') ?? '' }));
    router.post('/neu', (c) => create(c));
    router.post('/:id/erneuern', (c) => rotate(c));
    router.post('/:id/widerrufen', (c) => revoke(c));
  },
};
