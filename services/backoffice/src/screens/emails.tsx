import { query } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import { type BackofficeContext, href } from '../http/env.ts';
import { ConfirmStep, isConfirmed } from '../ui/confirm.tsx';
import { FilterForm } from '../ui/filters.tsx';
import { idempotencyKeyOf, PostForm, SelectField, TextField } from '../ui/form.tsx';
import { formatDateTime, isoDay } from '../ui/format.ts';
import { Alert, Badge, ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { RowActionButton } from '../ui/row-action.tsx';
import { type Column, DataTable } from '../ui/table.tsx';
import type { Screen } from './screen.ts';

/** An entry of the delivery log (packages/contracts/src/api/notifications.ts, EmailDelivery). */
interface Delivery {
  id: string;
  template: string;
  recipient: string;
  subject: string;
  status: 'pending' | 'sent' | 'failed' | 'erased';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  resendOf: string | null;
  createdAt: string;
}

const PATH = '/emails';
const BASE_HREF = href(PATH);
const PAGE_SIZE = 50;

const TEMPLATES: readonly (readonly [string, string])[] = [
  ['registration-confirmed', 'Anmeldebestätigung'],
  ['registration-waitlisted', 'Platz auf der Warteliste'],
  ['waitlist-promoted', 'Nachgerückt von der Warteliste'],
  ['registration-cancelled', 'Stornierung'],
  ['offering-rescheduled', 'Terminänderung'],
  ['substitute-confirmed', 'Ersatzteilnahme bestätigt'],
  ['substitute-replaced', 'Durch Ersatz abgelöst'],
  ['invoice-issued', 'Rechnung'],
  ['credit-note-issued', 'Gutschrift'],
  ['webhook-disabled', 'Webhook abgeschaltet'],
];
const STATUSES = [
  ['failed', 'Nicht zustellbar'],
  ['pending', 'Wartet auf Versand'],
  ['sent', 'Zugestellt'],
  ['erased', 'Nicht gesendet (Daten gelöscht)'],
] as const;

const templateLabel = (template: string) => TEMPLATES.find(([t]) => t === template)?.[1] ?? template;

/** The list shows whom a mail was for without the whole address (personal data); the confirmation names it in full. */
export const maskedAddress = (address: string) => {
  const at = address.lastIndexOf('@');
  return at > 0 ? `${address[0]}…${address.slice(at)}` : '…';
};

/** Midnight in Germany on `day` (YYYY-MM-DD), as an instant: the log's `since`. */
export function germanMidnight(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${day}T00:00:00${offset}`);
    if (Number.isNaN(instant.getTime())) return undefined;
    if (isoDay(instant) === day && isoDay(new Date(instant.getTime() - 1)) !== day) return instant.toISOString();
  }
  return undefined;
}

function status(d: Delivery) {
  if (d.status === 'sent') return <Badge tone="success">zugestellt {d.sentAt && formatDateTime(d.sentAt)}</Badge>;
  if (d.status === 'pending')
    return <Badge tone="info">{d.attempts > 0 ? `wartet, nächster Versuch ${formatDateTime(d.nextAttemptAt)}` : 'wartet'}</Badge>;
  if (d.status === 'erased') return <Badge tone="warning">nicht gesendet: Daten gelöscht</Badge>;
  return <Badge tone="danger">nicht zustellbar</Badge>;
}

function resendButton(c: BackofficeContext, d: Delivery) {
  if (d.status !== 'failed') return '–';
  return (
    <PostForm c={c} action={`${BASE_HREF}/${d.id}/erneut-senden`}>
      <input type="hidden" name="betreff" value={d.subject} />
      <input type="hidden" name="empfaenger" value={d.recipient} />
      <RowActionButton label="Erneut senden" of={d.subject} />
    </PostForm>
  );
}

async function logPage(c: BackofficeContext) {
  const filters = {
    status: c.req.query('status') || undefined,
    vorlage: c.req.query('vorlage') || undefined,
    seit: c.req.query('seit') || undefined,
  };
  const cursor = c.req.query('cursor') || undefined;
  const since = filters.seit ? germanMidnight(filters.seit) : undefined;
  const sinceError = filters.seit && !since ? 'Bitte geben Sie ein Datum an, z. B. 01.03.2027.' : undefined;
  const log = sinceError
    ? undefined
    : await c
        .get('api')
        .get<{ items: Delivery[]; nextCursor: string | null }>(
          `/v1/notifications/deliveries${query({ status: filters.status, template: filters.vorlage, since, limit: PAGE_SIZE, cursor })}`,
        );
  const columns: Column<Delivery>[] = [
    { header: 'Erstellt', cell: (d) => formatDateTime(d.createdAt) },
    {
      header: 'Art',
      cell: (d) => (
        <>
          {templateLabel(d.template)} {d.resendOf && <Badge>erneut gesendet</Badge>}
        </>
      ),
    },
    { header: 'Betreff', cell: (d) => d.subject },
    { header: 'An', cell: (d) => maskedAddress(d.recipient) },
    { header: 'Status', cell: status },
    { header: 'Versuche', numeric: true, cell: (d) => String(d.attempts) },
    { header: 'Letzter Fehler', cell: (d) => d.lastError ?? '–' },
    { header: 'Aktion', cell: (d) => resendButton(c, d) },
  ];
  // Recipient addresses are personal data: the page is never cached (the app's default, said here on purpose).
  c.header('Cache-Control', 'no-store');
  return renderPage(
    c,
    'E-Mails',
    <>
      <p class="kern-body">
        Das Protokoll aller E-Mails, die Seminarwerk verschickt, die neuesten zuerst. Eine E-Mail, die der Mailserver endgültig abgelehnt
        hat, können Sie erneut senden, zum Beispiel nachdem die Adresse korrigiert wurde.
      </p>
      <FilterForm action={BASE_HREF}>
        <SelectField name="status" label="Status" value={filters.status} options={[['', 'Alle'], ...STATUSES]} />
        <SelectField name="vorlage" label="Art" value={filters.vorlage} options={[['', 'Alle'], ...TEMPLATES]} />
        <TextField name="seit" label="Erstellt ab" type="date" value={filters.seit} error={sinceError} />
      </FilterForm>
      {log && !log.ok && <ProblemMessage problem={log.problem} title="Das Protokoll konnte nicht geladen werden" />}
      <DataTable
        caption="Versendete und wartende E-Mails"
        columns={columns}
        rows={log?.ok ? log.body.items : []}
        empty="Keine E-Mails gefunden."
      />
      {log?.ok && <Pagination href={BASE_HREF} params={filters} nextCursor={log.body.nextCursor} isFirstPage={!cursor} />}
    </>,
  );
}

async function resend(c: BackofficeContext) {
  const id = c.req.param('id') ?? '';
  const form = c.get('form');
  const confirm = (problem?: ApiProblem) => {
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      'E-Mail erneut senden',
      <>
        {problem?.code === 'resend-pending' ? (
          <Alert tone="warning" title="Diese E-Mail wartet bereits auf den Versand.">
            <p class="kern-body">
              Sie wurde schon erneut angestoßen und wird gerade zugestellt. Bitte warten Sie das Ergebnis im Protokoll ab.
            </p>
          </Alert>
        ) : (
          problem && <ProblemMessage problem={problem} title="Die E-Mail wurde nicht erneut gesendet" />
        )}
        <ConfirmStep
          c={c}
          action={`${BASE_HREF}/${id}/erneut-senden`}
          form={form}
          question={`E-Mail „${form.betreff ?? ''}“ erneut senden?`}
          confirmLabel="Erneut senden"
          cancelHref={BASE_HREF}
        >
          <p class="kern-body">
            Die E-Mail geht noch einmal an {form.empfaenger ?? 'dieselbe Adresse'}, mit demselben Inhalt und denselben Anhängen. Im
            Protokoll erscheint dafür ein neuer Eintrag.
          </p>
        </ConfirmStep>
      </>,
      problem ? (problem.code === 'resend-pending' ? 409 : 422) : 200,
    );
  };
  if (!isConfirmed(form)) return confirm();
  const sent = await c
    .get('api')
    .post<Delivery>(`/v1/notifications/deliveries/${encodeURIComponent(id)}/resend`, {}, idempotencyKeyOf(form));
  if (!sent.ok) return confirm(sent.problem);
  return redirectWithOutcome(
    c,
    BASE_HREF,
    `Die E-Mail „${sent.body.subject}“ wird erneut gesendet. Der neue Eintrag steht oben im Protokoll.`,
  );
}

/** E-Mails: the delivery log, and resending what the mail server refused. */
export const emails: Screen = {
  path: PATH,
  area: 'mail',
  nav: { label: 'E-Mails', order: 70 },
  routes(router) {
    router.get('/', (c) => logPage(c));
    router.post('/:id/erneut-senden', (c) => resend(c));
  },
};
