import { query } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, FormFields } from '../http/env.ts';
import { isConfirmed } from '../ui/confirm.tsx';
import { Facts } from '../ui/facts.tsx';
import { FilterForm } from '../ui/filters.tsx';
import { fieldError, idempotencyKeyOf, PostForm, SelectField, SubmitButton, TextField } from '../ui/form.tsx';
import { formatDate, formatDateTime, formatEuro } from '../ui/format.ts';
import { ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { type Column, DataTable } from '../ui/table.tsx';
import {
  failed,
  formProblem,
  type Offering,
  type Page,
  type RegistrationSummary,
  type Seminar,
  type SeminarDetail,
  summariesOf,
} from './catalogue-resources.ts';
import { SeminarFields, type SeminarValues, seminarBody, valuesOfSeminar } from './programm-seminar-form.tsx';
import {
  confirmPage,
  FormActions,
  fillLevel,
  missingReason,
  PROGRAMM,
  problemPage,
  reasonOf,
  StatusBadge,
  seminarHref,
  terminHref,
} from './programm-shared.tsx';
import { offeringRoutes } from './programm-termine.tsx';
import type { Screen } from './screen.ts';

const PAGE_SIZE = 20;

const seminarColumns: Column<Seminar>[] = [
  {
    header: 'Seminar',
    cell: (s) => (
      <>
        <a class="kern-link" href={seminarHref(s.id)}>
          {s.title}
        </a>{' '}
        {s.status === 'draft' && <StatusBadge status={s.status} />}
      </>
    ),
  },
  { header: 'Thema', cell: (s) => s.topic },
  { header: 'Status', cell: (s) => <StatusBadge status={s.status} /> },
  { header: 'Gebühr', numeric: true, cell: (s) => formatEuro(s.feeCents) },
];

const STATUS_FILTER = [
  ['', 'Entwürfe und veröffentlichte'],
  ['draft', 'Nur Entwürfe'],
  ['published', 'Nur veröffentlichte'],
  ['cancelled', 'Abgesagte'],
] as const;

/** Programm: the seminars, drafts first (there are few), then a page of the published ones; or one status, paginated. */
async function programmPage(c: BackofficeContext) {
  const api = c.get('api');
  const q = c.req.query('q')?.trim() || undefined;
  const status = STATUS_FILTER.some(([v]) => v === c.req.query('status')) ? (c.req.query('status') ?? '') : '';
  const cursor = c.req.query('cursor') || undefined;
  const [main, drafts] = await Promise.all([
    api.get<Page<Seminar>>(`/v1/seminars${query({ q, status: status || 'published', limit: PAGE_SIZE, cursor })}`),
    status === '' && !cursor ? api.get<Page<Seminar>>(`/v1/seminars${query({ q, status: 'draft', limit: 50 })}`) : undefined,
  ]);
  const problem = failed(main) ?? (drafts && failed(drafts));
  const mainHeading = status === '' ? 'Veröffentlichte Seminare' : (STATUS_FILTER.find(([v]) => v === status)?.[1] ?? '');
  return renderPage(
    c,
    'Programm',
    <>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={`${PROGRAMM}/neu`}>
          <span class="kern-label">Neues Seminar anlegen</span>
        </a>
      </p>
      <FilterForm action={PROGRAMM} label="Seminare filtern">
        <TextField name="q" label="Suche" type="search" value={q} hint="Titel, Thema, Beschreibung" />
        <SelectField name="status" label="Status" required value={status} options={STATUS_FILTER} />
      </FilterForm>
      {problem && <ProblemMessage problem={problem} title="Die Seminare konnten nicht geladen werden" />}
      {drafts?.ok && (
        <section class="app-section" aria-labelledby="entwuerfe">
          <h2 class="kern-heading-medium" id="entwuerfe">
            Entwürfe
          </h2>
          <DataTable
            caption="Seminare im Entwurf"
            captionHidden
            columns={seminarColumns}
            rows={drafts.body.items}
            empty="Keine Entwürfe."
          />
          {drafts.body.nextCursor && (
            <p class="kern-body">
              <a class="kern-link" href={`${PROGRAMM}${query({ q, status: 'draft' })}`}>
                Alle Entwürfe anzeigen
              </a>
            </p>
          )}
        </section>
      )}
      <section class="app-section" aria-labelledby="seminare">
        <h2 class="kern-heading-medium" id="seminare">
          {mainHeading}
        </h2>
        {main.ok && (
          <>
            <DataTable
              caption={mainHeading}
              captionHidden
              columns={seminarColumns}
              rows={main.body.items}
              empty="Keine Seminare gefunden."
            />
            <Pagination href={PROGRAMM} params={{ q, status }} nextCursor={main.body.nextCursor} isFirstPage={!cursor} />
          </>
        )}
      </section>
    </>,
  );
}

type DateRow = { offering: Offering; summary: RegistrationSummary | undefined };
const dateColumns: Column<DateRow>[] = [
  {
    header: 'Beginn',
    cell: ({ offering }) => (
      <a class="kern-link" href={terminHref(offering.id)}>
        {formatDateTime(offering.startsAt)}
      </a>
    ),
  },
  { header: 'Ort', cell: ({ offering }) => offering.location },
  { header: 'Status', cell: ({ offering }) => <StatusBadge status={offering.status} /> },
  { header: 'Belegt', cell: ({ offering, summary }) => fillLevel(offering, summary) },
  { header: 'Anmeldeschluss', cell: ({ offering }) => formatDate(offering.registrationDeadline) },
  {
    header: 'Aktion',
    cell: ({ offering }) =>
      offering.status === 'cancelled' ? (
        '–'
      ) : (
        <a class="kern-link" href={`${PROGRAMM}/termine/${offering.id}`}>
          Ändern<span class="kern-sr-only"> (Termin am {formatDateTime(offering.startsAt)})</span>
        </a>
      ),
  },
];

const VAT_LABELS: Record<Seminar['vat'], string> = {
  'exempt-4-22a': 'umsatzsteuerfrei (§ 4 Nr. 22a UStG)',
  'standard-19': '19 % Umsatzsteuer',
  'reduced-7': '7 % Umsatzsteuer',
};

const termsText = (t: Seminar['cancellationTerms']) =>
  `kostenfrei bis ${t.freeUntilDaysBefore} Tage vorher, danach ${t.lateCancellationFeePercent} % der Gebühr; ` +
  `bei Nichterscheinen ${t.noShowFeePercent} %; Ersatzperson ${t.substituteAllowed ? 'möglich' : 'nicht möglich'}`;

/** One seminar: its facts, what can be done with it, and its dates with fill level. */
async function seminarPage(c: BackofficeContext, id: string) {
  const api = c.get('api');
  const result = await api.get<SeminarDetail>(`/v1/seminars/${id}`);
  if (!result.ok) return problemPage(c, 'Seminar', result.problem);
  const seminar = result.body;
  const summaries = await summariesOf(
    api,
    seminar.offerings.map((o) => o.id),
  );
  return renderPage(
    c,
    seminar.title,
    <>
      <p class="kern-body">
        <a class="kern-link" href={PROGRAMM}>
          Zurück zum Programm
        </a>
      </p>
      <Facts
        items={[
          ['Status', <StatusBadge status={seminar.status} />],
          ['Thema', seminar.topic],
          ['Gebühr', `${formatEuro(seminar.feeCents)}, ${VAT_LABELS[seminar.vat]}`],
          ['Zielgruppe', seminar.audience || '–'],
          ['Referentinnen und Referenten', seminar.lecturers.join(', ') || '–'],
          ['Stornobedingungen', termsText(seminar.cancellationTerms)],
        ]}
      />
      {seminar.status !== 'cancelled' && (
        <div class="app-actions">
          <a class="kern-btn kern-btn--secondary" href={`${seminarHref(id)}/bearbeiten`}>
            <span class="kern-label">Bearbeiten</span>
          </a>
          {seminar.status === 'draft' && (
            <PostForm c={c} action={`${seminarHref(id)}/veroeffentlichen`}>
              <SubmitButton label="Seminar veröffentlichen" />
            </PostForm>
          )}
          <a class="kern-btn kern-btn--secondary" href={`${seminarHref(id)}/absagen`}>
            <span class="kern-label">Seminar absagen</span>
          </a>
        </div>
      )}
      <section class="app-section" aria-labelledby="termine">
        <h2 class="kern-heading-medium" id="termine">
          Termine
        </h2>
        {seminar.status !== 'cancelled' && (
          <p class="kern-body">
            <a class="kern-link" href={`${seminarHref(id)}/termine/neu`}>
              Termin hinzufügen
            </a>
          </p>
        )}
        <DataTable
          caption={`Termine von „${seminar.title}“ mit Belegung`}
          captionHidden
          columns={dateColumns}
          rows={seminar.offerings.map((offering) => ({ offering, summary: summaries.get(offering.id) }))}
          empty="Noch keine Termine."
        />
      </section>
    </>,
  );
}

function seminarFormPage(
  c: BackofficeContext,
  props: { title: string; action: string; values: SeminarValues; problem?: ApiProblem; form?: FormFields; submit: string; back: string },
) {
  return renderPage(
    c,
    props.title,
    <>
      {props.problem && <ProblemMessage problem={props.problem} />}
      <PostForm c={c} action={props.action} idempotencyKey={props.form && idempotencyKeyOf(props.form)} class="app-stack">
        <SeminarFields values={props.values} problem={props.problem} />
        <FormActions submit={props.submit} cancelHref={props.back} />
      </PostForm>
    </>,
    props.problem ? 422 : 200,
  );
}

async function createSeminar(c: BackofficeContext) {
  const form = c.get('form');
  const parsed = seminarBody(form);
  const show = (problem: ApiProblem) =>
    seminarFormPage(c, {
      title: 'Neues Seminar',
      action: `${PROGRAMM}/neu`,
      values: form,
      problem,
      form,
      submit: 'Als Entwurf anlegen',
      back: PROGRAMM,
    });
  if (!parsed.ok) return show(parsed.problem);
  const result = await c.get('api').post<Seminar>('/v1/seminars', { ...parsed.body, status: 'draft' }, idempotencyKeyOf(form));
  if (!result.ok) return show(result.problem);
  return redirectWithOutcome(c, seminarHref(result.body.id), 'Das Seminar wurde als Entwurf angelegt. Es ist noch nicht öffentlich.');
}

async function editSeminar(c: BackofficeContext, id: string) {
  const form = c.get('form');
  const parsed = seminarBody(form);
  const show = (problem: ApiProblem) =>
    seminarFormPage(c, {
      title: 'Seminar bearbeiten',
      action: `${seminarHref(id)}/bearbeiten`,
      values: form,
      problem,
      form,
      submit: 'Änderungen speichern',
      back: seminarHref(id),
    });
  if (!parsed.ok) return show(parsed.problem);
  const result = await c.get('api').patch<Seminar>(`/v1/seminars/${id}`, parsed.body);
  if (!result.ok) return show(result.problem);
  return redirectWithOutcome(c, seminarHref(id), 'Die Änderungen wurden gespeichert.');
}

async function publishSeminar(c: BackofficeContext, id: string) {
  const form = c.get('form');
  if (!isConfirmed(form))
    return confirmPage(
      c,
      'Seminar veröffentlichen',
      { question: 'Soll das Seminar veröffentlicht werden?', confirmLabel: 'Ja, veröffentlichen', cancelHref: seminarHref(id) },
      <p class="kern-body">
        Es erscheint dann im öffentlichen Katalog. Das lässt sich nicht rückgängig machen, nur durch eine Absage. Termine im Entwurf
        veröffentlichen Sie einzeln.
      </p>,
    );
  const result = await c.get('api').post(`/v1/seminars/${id}/publish`, {}, idempotencyKeyOf(form));
  if (!result.ok) return problemPage(c, 'Seminar veröffentlichen', result.problem);
  return redirectWithOutcome(c, seminarHref(id), 'Das Seminar ist veröffentlicht.');
}

function cancelSeminarPage(c: BackofficeContext, id: string, props: { form?: FormFields; problem?: ApiProblem } = {}) {
  return renderPage(
    c,
    'Seminar absagen',
    <>
      {props.problem && <ProblemMessage problem={props.problem} />}
      <p class="kern-body">Mit dem Seminar werden alle seine Termine abgesagt. Alle Teilnehmenden werden benachrichtigt.</p>
      <PostForm c={c} action={`${seminarHref(id)}/absagen`} idempotencyKey={props.form && idempotencyKeyOf(props.form)}>
        <TextField
          name="reason"
          label="Grund der Absage"
          required
          value={props.form?.reason}
          error={fieldError(props.problem, 'reason')}
          hint="Die Teilnehmenden lesen ihn in der Nachricht."
        />
        <FormActions submit="Weiter" cancelHref={seminarHref(id)} />
      </PostForm>
    </>,
    props.problem ? 422 : 200,
  );
}

async function cancelSeminar(c: BackofficeContext, id: string) {
  const form = c.get('form');
  const reason = reasonOf(form);
  if (!reason) return cancelSeminarPage(c, id, { form, problem: formProblem(missingReason) });
  if (!isConfirmed(form))
    return confirmPage(
      c,
      'Seminar absagen',
      {
        question: 'Soll das Seminar mit allen Terminen abgesagt werden?',
        confirmLabel: 'Ja, Seminar absagen',
        cancelHref: seminarHref(id),
      },
      <>
        <p class="kern-body">
          Alle Teilnehmenden und alle auf den Wartelisten werden benachrichtigt. Das lässt sich nicht rückgängig machen.
        </p>
        <p class="kern-body">Grund: {reason}</p>
      </>,
    );
  const result = await c.get('api').post(`/v1/seminars/${id}/cancel`, { reason }, idempotencyKeyOf(form));
  if (!result.ok) return cancelSeminarPage(c, id, { form, problem: result.problem });
  return redirectWithOutcome(c, seminarHref(id), 'Das Seminar und seine Termine sind abgesagt. Die Teilnehmenden werden benachrichtigt.');
}

/** Programm: seminars and their dates. */
export const programm: Screen = {
  path: '/programm',
  area: 'catalogue',
  nav: { label: 'Programm', order: 10 },
  routes(router) {
    router.get('/', (c) => programmPage(c));
    router.get('/neu', (c) =>
      seminarFormPage(c, { title: 'Neues Seminar', action: `${PROGRAMM}/neu`, values: {}, submit: 'Als Entwurf anlegen', back: PROGRAMM }),
    );
    router.post('/neu', (c) => createSeminar(c));
    router.get('/seminare/:id', (c) => seminarPage(c, c.req.param('id')));
    router.get('/seminare/:id/bearbeiten', async (c) => {
      const id = c.req.param('id');
      const result = await c.get('api').get<Seminar>(`/v1/seminars/${id}`);
      if (!result.ok) return problemPage(c, 'Seminar bearbeiten', result.problem);
      return seminarFormPage(c, {
        title: 'Seminar bearbeiten',
        action: `${seminarHref(id)}/bearbeiten`,
        values: valuesOfSeminar(result.body),
        submit: 'Änderungen speichern',
        back: seminarHref(id),
      });
    });
    router.post('/seminare/:id/bearbeiten', (c) => editSeminar(c, c.req.param('id')));
    router.post('/seminare/:id/veroeffentlichen', (c) => publishSeminar(c, c.req.param('id')));
    router.get('/seminare/:id/absagen', (c) => cancelSeminarPage(c, c.req.param('id')));
    router.post('/seminare/:id/absagen', (c) => cancelSeminar(c, c.req.param('id')));
    offeringRoutes(router);
  },
};
