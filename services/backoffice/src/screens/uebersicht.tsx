import type { ApiResult, StaffApi } from '../api/gateway.ts';
import { query } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';
import { BASE, type BackofficeContext } from '../http/env.ts';
import { mayWorkIn } from '../staff/roles.ts';
import { formatDate, formatDateTime, formatEuro, isoDay } from '../ui/format.ts';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { renderPage } from '../ui/page.tsx';
import { type Column, DataTable } from '../ui/table.tsx';
import type { Screen } from './screen.ts';

/** The members of the API's resources this screen shows (packages/contracts/src/api). */
interface Offering {
  id: string;
  title: string;
  startsAt: string;
  location: string;
  capacity: number;
  seatsAvailable: number;
  registrationDeadline: string;
  status: 'draft' | 'published' | 'cancelled';
}
interface Invoice {
  id: string;
  number: string | null;
  status: string;
  dueDate: string | null;
  municipalityId: string;
  buyer: { name: string } | null;
  totals: { grossCents: number; outstandingCents: number };
  hold: { reason: string; detail: string } | null;
}
interface Delivery {
  id: string;
  template: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}
/** GET /v1/registration-summaries (back office): may not exist yet; then the waiting list shows "–". */
interface RegistrationSummary {
  offeringId: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
}
type Page<T> = { items: T[] };

const NEXT_DATES = 10;
const LIST = 10;

const itemsOf = <T,>(result: ApiResult<Page<T>>) => (result.ok ? result.body.items : []);
const problemOf = (...results: ApiResult<unknown>[]) => results.find((r): r is { ok: false; problem: ApiProblem } => !r.ok)?.problem;

/** The next dates (published and drafts), each with its waiting list if the API knows it. */
async function nextDates(api: StaffApi) {
  const from = isoDay(new Date());
  const [published, drafts] = await Promise.all([
    api.get<Page<Offering>>(`/v1/offerings${query({ from, limit: NEXT_DATES })}`),
    api.get<Page<Offering>>(`/v1/offerings${query({ from, status: 'draft', limit: NEXT_DATES })}`),
  ]);
  const offerings = [...itemsOf(published), ...itemsOf(drafts)].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, NEXT_DATES);
  const summaries = await Promise.all(
    offerings.map(async (o) => {
      const result = await api.get<Page<RegistrationSummary>>(`/v1/registration-summaries${query({ offeringId: o.id })}`);
      return result.ok ? result.body.items.find((s) => s.offeringId === o.id) : undefined;
    }),
  );
  return { rows: offerings.map((offering, i) => ({ offering, summary: summaries[i] })), problem: problemOf(published, drafts) };
}

type DateRow = Awaited<ReturnType<typeof nextDates>>['rows'][number];

function fillLevel({ capacity, seatsAvailable }: Offering) {
  const booked = Math.max(0, capacity - seatsAvailable);
  const text = `${booked} von ${capacity}`;
  if (seatsAvailable <= 0)
    return (
      <>
        {text} <Badge tone="danger">ausgebucht</Badge>
      </>
    );
  if (booked / capacity >= 0.8)
    return (
      <>
        {text} <Badge tone="warning">fast voll</Badge>
      </>
    );
  return text;
}

const dateColumns: Column<DateRow>[] = [
  { header: 'Beginn', cell: ({ offering }) => formatDateTime(offering.startsAt) },
  {
    header: 'Seminar',
    cell: ({ offering }) => (
      <>
        <a class="kern-link" href={`${BASE}/termine/${offering.id}`}>
          {offering.title}
        </a>{' '}
        {offering.status === 'draft' && <Badge tone="info">Entwurf</Badge>}
      </>
    ),
  },
  { header: 'Ort', cell: ({ offering }) => offering.location },
  { header: 'Belegt', cell: ({ offering }) => fillLevel(offering) },
  { header: 'Warteliste', numeric: true, cell: ({ summary }) => (summary ? String(summary.waitlisted) : '–') },
  { header: 'Anmeldeschluss', cell: ({ offering }) => formatDate(offering.registrationDeadline) },
];

const amount = (i: Invoice) => formatEuro(i.totals.grossCents);
const buyer = (i: Invoice) => i.buyer?.name ?? i.municipalityId;
/** The invoice's page, named by its number once it has one, else by whom it is for. */
const invoiceLink = (label: (i: Invoice) => string) => (i: Invoice) => (
  <a class="kern-link" href={`${BASE}/rechnungen/${i.id}`}>
    {label(i)}
  </a>
);

const toIssueColumns: Column<Invoice>[] = [
  { header: 'Kunde', cell: invoiceLink(buyer) },
  { header: 'Status', cell: (i) => (i.status === 'held' ? <Badge tone="warning">angehalten</Badge> : <Badge tone="info">Entwurf</Badge>) },
  { header: 'Grund', cell: (i) => i.hold?.detail ?? '–' },
  { header: 'Betrag', numeric: true, cell: amount },
];

const overdueColumns: Column<Invoice>[] = [
  { header: 'Rechnung', cell: invoiceLink((i) => i.number ?? '–') },
  { header: 'Kunde', cell: buyer },
  { header: 'Fällig seit', cell: (i) => (i.dueDate ? formatDate(i.dueDate) : '–') },
  { header: 'Offen', numeric: true, cell: (i) => formatEuro(i.totals.outstandingCents) },
];

const failedColumns: Column<Delivery>[] = [
  { header: 'Erstellt', cell: (d) => formatDateTime(d.createdAt) },
  { header: 'Betreff', cell: (d) => d.subject },
  { header: 'Versuche', numeric: true, cell: (d) => String(d.attempts) },
  { header: 'Fehler', cell: (d) => d.lastError ?? '–' },
];

/** Invoices to issue (drafts and held ones), overdue invoices, e-mails that could not be delivered. */
async function billing(api: StaffApi) {
  const [drafts, held, overdue, failed] = await Promise.all([
    api.get<Page<Invoice>>(`/v1/invoices${query({ status: 'draft', type: 'invoice', limit: LIST })}`),
    api.get<Page<Invoice>>(`/v1/invoices${query({ status: 'held', limit: LIST })}`),
    api.get<Page<Invoice>>(`/v1/invoices${query({ overdue: 'true', limit: LIST })}`),
    api.get<Page<Delivery>>(`/v1/notifications/deliveries${query({ status: 'failed', limit: LIST })}`),
  ]);
  return {
    toIssue: [...itemsOf(held), ...itemsOf(drafts)],
    overdue: itemsOf(overdue),
    failed: itemsOf(failed),
    invoiceProblem: problemOf(drafts, held, overdue),
    mailProblem: problemOf(failed),
  };
}

const Section = (props: { id: string; title: string; children: unknown }) => (
  <section class="app-section" aria-labelledby={props.id}>
    <h2 class="kern-heading-medium" id={props.id}>
      {props.title}
    </h2>
    {props.children as never}
  </section>
);

async function overviewPage(c: BackofficeContext) {
  const api = c.get('api');
  const role = c.get('session').staff.role;
  const [dates, bills] = await Promise.all([
    mayWorkIn(role, 'catalogue') ? nextDates(api) : undefined,
    mayWorkIn(role, 'billing') ? billing(api) : undefined,
  ]);
  return renderPage(
    c,
    'Übersicht',
    <>
      <p class="kern-body">Guten Tag, {c.get('session').staff.displayName}. Das steht heute an.</p>
      {dates && (
        <Section id="naechste-termine" title="Nächste Termine">
          {dates.problem && <ProblemMessage problem={dates.problem} title="Die Termine konnten nicht geladen werden" />}
          <DataTable
            caption="Die nächsten Termine mit Belegung und Warteliste"
            captionHidden
            columns={dateColumns}
            rows={dates.rows}
            empty="Keine kommenden Termine."
          />
        </Section>
      )}
      {bills && (
        <>
          <Section id="zu-stellen" title="Rechnungen zu stellen">
            {bills.invoiceProblem && <ProblemMessage problem={bills.invoiceProblem} title="Die Rechnungen konnten nicht geladen werden" />}
            <DataTable
              caption="Rechnungsentwürfe und angehaltene Rechnungen"
              captionHidden
              columns={toIssueColumns}
              rows={bills.toIssue}
              empty="Keine Rechnungen zu stellen."
            />
          </Section>
          <Section id="ueberfaellig" title="Überfällige Rechnungen">
            <DataTable
              caption="Rechnungen nach dem Fälligkeitsdatum"
              captionHidden
              columns={overdueColumns}
              rows={bills.overdue}
              empty="Keine überfälligen Rechnungen."
            />
          </Section>
          <Section id="nicht-zugestellt" title="Nicht zugestellte E-Mails">
            {bills.mailProblem && <ProblemMessage problem={bills.mailProblem} title="Das E-Mail-Protokoll konnte nicht geladen werden" />}
            <DataTable
              caption="E-Mails, die nicht zugestellt werden konnten"
              captionHidden
              columns={failedColumns}
              rows={bills.failed}
              empty="Alle E-Mails wurden zugestellt."
            />
            {bills.failed.length > 0 && (
              <p class="kern-body">
                <a class="kern-link" href={`${BASE}/emails?status=failed`}>
                  Nicht zugestellte E-Mails im E-Mail-Protokoll erneut senden
                </a>
              </p>
            )}
          </Section>
        </>
      )}
    </>,
  );
}

/** Übersicht: what needs attention today, by role. */
export const overview: Screen = {
  path: '/',
  area: 'overview',
  nav: { label: 'Übersicht', order: 0 },
  routes(router) {
    router.get('/', (c) => overviewPage(c));
  },
};
