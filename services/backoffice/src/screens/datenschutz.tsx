import type { ApiResult } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, FormFields } from '../http/env.ts';
import type { PrivacyRequestKind, StartedRequest } from '../privacy/requests.ts';
import { ErrorSummary } from '../ui/error-summary.tsx';
import { idempotencyKeyOf, PostForm, SubmitButton, TextField } from '../ui/form.tsx';
import { formatDateTime } from '../ui/format.ts';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { Section } from '../ui/section.tsx';
import { DataTable } from '../ui/table.tsx';
import { accessPage, downloadExport } from './datenschutz-auskunft.tsx';
import { erasurePage, startErasure } from './datenschutz-loeschung.tsx';
import {
  accessHref,
  DATENSCHUTZ,
  EMAIL_MISSING,
  emailOf,
  erasureHref,
  type PrivacyRequestStatus,
  RequestBadge,
} from './datenschutz-shared.tsx';
import type { Screen } from './screen.ts';

/** Datenschutz: start an access export (Art. 15) or an erasure (Art. 17) of a person, and find started ones again. */
const PAGE_SIZE = 25;
const KIND_LABELS: Record<PrivacyRequestKind, string> = { access: 'Auskunft', erasure: 'Löschung' };
const ACCESS_EMAIL_ID = 'feld-auskunft-email';
const ERASURE_EMAIL_ID = 'feld-loeschung-email';

/** A form of this page sent back with what is wrong: its fields, the field's error, or the API's problem. */
export interface Returned {
  form: FormFields;
  error?: string;
  problem?: ApiProblem;
}

interface Listed extends StartedRequest {
  live: ApiResult<PrivacyRequestStatus>;
}

const statusPath = (r: StartedRequest) => `/v1/privacy/${r.kind === 'access' ? 'access-requests' : 'erasures'}/${r.id}`;
const requestHref = (r: StartedRequest) => (r.kind === 'access' ? accessHref(r.id) : erasureHref(r.id));

function liveCell(r: Listed) {
  if (r.live.ok) return <RequestBadge status={r.live.body.status} doneWord={r.kind === 'access' ? 'bereit' : 'gelöscht'} />;
  // An access export is deleted 30 days after completion (docs/privacy.md): then the gateway no longer knows it.
  if (r.live.problem.status === 404) return <Badge>nicht mehr vorhanden</Badge>;
  return <Badge tone="warning">Status nicht abrufbar</Badge>;
}

/** The requests started here, newest first, each with its status read from the gateway now. */
async function startedRequests(c: BackofficeContext, offset: number) {
  const rows = await c.get('privacyRequests').recent(PAGE_SIZE + 1, offset);
  const api = c.get('api');
  const listed: Listed[] = await Promise.all(rows.slice(0, PAGE_SIZE).map(async (r) => ({ ...r, live: await api.get(statusPath(r)) })));
  return { listed, hasMore: rows.length > PAGE_SIZE };
}

const START: Record<PrivacyRequestKind, { action: string; fieldId: string; submit: string; refused: string }> = {
  access: {
    action: `${DATENSCHUTZ}/auskunft`,
    fieldId: ACCESS_EMAIL_ID,
    submit: 'Auskunft starten',
    refused: 'Die Auskunft wurde nicht gestartet',
  },
  erasure: {
    action: `${DATENSCHUTZ}/loeschung`,
    fieldId: ERASURE_EMAIL_ID,
    submit: 'Weiter zur Bestätigung',
    refused: 'Die Löschung wurde nicht gestartet',
  },
};

/** The form that starts a request for an e-mail address, with what was wrong when it comes back. */
function StartForm({ c, kind, returned }: { c: BackofficeContext; kind: PrivacyRequestKind; returned: Returned | undefined }) {
  const start = START[kind];
  return (
    <>
      {returned?.problem && <ProblemMessage problem={returned.problem} title={start.refused} />}
      <PostForm c={c} action={start.action} idempotencyKey={returned && idempotencyKeyOf(returned.form)} class="app-stack">
        <TextField
          name="email"
          id={start.fieldId}
          label="E-Mail-Adresse der Person"
          type="email"
          autocomplete="off"
          required
          value={returned?.form.email}
          error={returned?.error ?? returned?.problem?.fieldErrors.email}
        />
        <SubmitButton label={start.submit} />
      </PostForm>
    </>
  );
}

export async function overviewPage(c: BackofficeContext, returned: { access?: Returned; erasure?: Returned } = {}) {
  const cursor = Number(c.req.query('cursor') ?? '0');
  const offset = Number.isSafeInteger(cursor) && cursor > 0 ? cursor : 0;
  const { listed, hasMore } = await startedRequests(c, offset);
  const { access, erasure } = returned;
  const errors = [
    ...(access?.error ? [[ACCESS_EMAIL_ID, access.error] as const] : []),
    ...(erasure?.error ? [[ERASURE_EMAIL_ID, erasure.error] as const] : []),
  ];
  // The list names no one, but the forms sent back may hold an address: never cached.
  c.header('Cache-Control', 'no-store');
  return renderPage(
    c,
    'Datenschutz',
    <>
      <ErrorSummary errors={errors} />
      <p class="kern-body">
        Hier beantworten Sie Anfragen von Teilnehmenden nach der DSGVO: eine Auskunft über alle gespeicherten Daten einer Person, oder die
        Löschung ihrer Daten. Beides erledigen die Dienste im Hintergrund; den Stand sehen Sie unten in der Liste.
      </p>
      <Section id="auskunft" title="Auskunft (Art. 15 DSGVO)">
        <p class="kern-body">
          Sammelt alles, was Seminarwerk über die Person gespeichert hat, mit einem Begleitschreiben, als Datei zum Herunterladen. Die Datei
          wird 30 Tage nach der Fertigstellung gelöscht.
        </p>
        <StartForm c={c} kind="access" returned={access} />
      </Section>
      <Section id="loeschung" title="Löschung (Art. 17 DSGVO)">
        <p class="kern-body">
          Löscht Name und E-Mail-Adresse der Person in allen Diensten. Vor dem Löschen fragen wir noch einmal nach. Die Daten einer
          einzelnen Anmeldung löschen Sie in der Teilnehmerliste des Termins.
        </p>
        <StartForm c={c} kind="erasure" returned={erasure} />
      </Section>
      <Section id="gestartet" title="Gestartete Anfragen">
        <p class="kern-body">
          Die Anfragen, die im Backoffice gestartet wurden, die neuesten zuerst. Um wen es geht, steht hier nicht: Das weiß nur die Anfrage
          selbst.
        </p>
        <DataTable
          caption="Gestartete Auskünfte und Löschungen"
          captionHidden
          columns={[
            {
              header: 'Anfrage',
              cell: (r) => (
                <a class="kern-link" href={requestHref(r)}>
                  {KIND_LABELS[r.kind]} vom {formatDateTime(r.startedAt.toISOString())}
                </a>
              ),
            },
            { header: 'Gestartet von', cell: (r) => r.startedBy },
            { header: 'Status', cell: liveCell },
          ]}
          rows={listed}
          empty="Im Backoffice wurde noch keine Auskunft und keine Löschung gestartet."
        />
        <Pagination href={DATENSCHUTZ} params={{}} nextCursor={hasMore ? String(offset + PAGE_SIZE) : null} isFirstPage={offset === 0} />
      </Section>
    </>,
    errors.length > 0 || access?.problem || erasure?.problem ? 422 : 200,
  );
}

/** Auskunft starten: the gateway collects in the background; the request is remembered here, without the address. */
async function startAccess(c: BackofficeContext) {
  const form = c.get('form');
  const email = emailOf(form.email);
  if (!email) return overviewPage(c, { access: { form, error: EMAIL_MISSING } });
  const started = await c.get('api').post<{ id: string }>('/v1/privacy/access-requests', { email }, idempotencyKeyOf(form));
  if (!started.ok) return overviewPage(c, { access: { form, problem: started.problem } });
  await c.get('privacyRequests').record(started.body.id, 'access', c.get('session').staff.id);
  return redirectWithOutcome(c, accessHref(started.body.id), 'Die Auskunft ist gestartet. Die Dienste sammeln die Daten jetzt.');
}

export const datenschutz: Screen = {
  path: '/datenschutz',
  area: 'privacy',
  nav: { label: 'Datenschutz', order: 75 },
  routes(router) {
    router.get('/', (c) => overviewPage(c));
    router.post('/auskunft', (c) => startAccess(c));
    router.get('/auskunft/:id', (c) => accessPage(c, c.req.param('id')));
    router.get('/auskunft/:id/export', (c) => downloadExport(c, c.req.param('id')));
    router.post('/loeschung', (c) => startErasure(c, overviewPage));
    router.get('/loeschung/:id', (c) => erasurePage(c, c.req.param('id')));
  },
};
