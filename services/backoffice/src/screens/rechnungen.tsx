import { query } from '../api/gateway.ts';
import type { BackofficeContext } from '../http/env.ts';
import { FilterForm } from '../ui/filters.tsx';
import { SelectField } from '../ui/form.tsx';
import { formatDate, formatEuro } from '../ui/format.ts';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { renderPage } from '../ui/page.tsx';
import { Pagination } from '../ui/pagination.tsx';
import { Section } from '../ui/section.tsx';
import { type Column, DataTable } from '../ui/table.tsx';
import { customerNames, type Invoice, type InvoicePosition, municipalityOptions, type Page } from './rechnungen/api.ts';
import { invoiceRoutes } from './rechnungen/detail.tsx';
import { KIND_LABELS, reasonText, STATUS_LABELS, StatusBadges, typeLabel } from './rechnungen/labels.tsx';
import { RECHNUNGEN, RunForm, runRoutes } from './rechnungen/lauf.tsx';
import type { Screen } from './screen.ts';

const LISTE = `${RECHNUNGEN}/liste`;
const PAGE_SIZE = 25;
const TO_ISSUE = 20;

/** The two lists of the screen: what is still to invoice, and every invoice. */
export const SubNav = ({ current }: { current: 'zu-stellen' | 'liste' | undefined }) => (
  <nav aria-label="Rechnungen" class="app-subnav">
    <ul>
      <li>
        <a class="kern-link" href={RECHNUNGEN} aria-current={current === 'zu-stellen' ? 'page' : undefined}>
          Zu stellen
        </a>
      </li>
      <li>
        <a class="kern-link" href={LISTE} aria-current={current === 'liste' ? 'page' : undefined}>
          Alle Rechnungen
        </a>
      </li>
    </ul>
  </nav>
);

const nameOf = (names: Map<string, string>, id: string) => names.get(id) ?? id;
const invoiceLink = (i: Invoice) => (
  <a class="kern-link" href={`${RECHNUNGEN}/${i.id}`}>
    {i.number ?? (i.status === 'held' ? 'Angehaltene Rechnung' : 'Entwurf')}
  </a>
);

function positionColumns(names: Map<string, string>): Column<InvoicePosition>[] {
  return [
    { header: 'Termin', cell: (p) => formatDate(p.serviceDate) },
    {
      header: 'Seminar',
      cell: (p) => (
        <>
          {p.title}{' '}
          <a class="kern-link" href={`${RECHNUNGEN}${query({ termin: p.offeringId })}`}>
            nur diesen Termin<span class="kern-sr-only"> ({formatDate(p.serviceDate)})</span>
          </a>
        </>
      ),
    },
    { header: 'Kommune', cell: (p) => nameOf(names, p.municipalityId) },
    { header: 'Teilnehmer/in', cell: (p) => p.participant },
    { header: 'Art', cell: (p) => `${KIND_LABELS[p.kind] ?? p.kind}${p.feePercent < 100 ? ` (${p.feePercent} %)` : ''}` },
    { header: 'Netto', numeric: true, cell: (p) => formatEuro(p.netCents) },
    {
      header: 'Stand',
      cell: (p) =>
        p.status === 'ready' ? (
          <Badge tone="success">bereit</Badge>
        ) : (
          <>
            <Badge tone="warning">wartet</Badge> {p.waitingFor.map(reasonText).join(' ')}
          </>
        ),
    },
  ];
}

function toIssueColumns(names: Map<string, string>): Column<Invoice>[] {
  return [
    { header: 'Rechnung', cell: invoiceLink },
    { header: 'Kommune', cell: (i) => i.buyer?.name ?? nameOf(names, i.municipalityId) },
    { header: 'Status', cell: (i) => <StatusBadges invoice={i} /> },
    { header: 'Grund', cell: (i) => (i.hold ? reasonText(i.hold) : '–') },
    { header: 'Positionen', numeric: true, cell: (i) => String(i.lines.length) },
    { header: 'Betrag', numeric: true, cell: (i) => formatEuro(i.totals.grossCents) },
  ];
}

/** Zu stellen: the run (dry run first), the positions ready or waiting and why, held invoices and drafts. */
async function toIssuePage(c: BackofficeContext, runError?: string) {
  const api = c.get('api');
  const filters = { kommune: c.req.query('kommune') ?? '', stand: c.req.query('stand') ?? '', termin: c.req.query('termin') ?? '' };
  const cursor = c.req.query('cursor');
  const [names, positions, held, drafts] = await Promise.all([
    customerNames(api),
    api.get<Page<InvoicePosition>>(
      `/v1/invoice-positions${query({ municipalityId: filters.kommune, status: filters.stand, offeringId: filters.termin, limit: PAGE_SIZE, cursor })}`,
    ),
    api.get<Page<Invoice>>(`/v1/invoices${query({ status: 'held', limit: TO_ISSUE })}`),
    api.get<Page<Invoice>>(`/v1/invoices${query({ status: 'draft', type: 'invoice', limit: TO_ISSUE })}`),
  ]);
  const form = c.req.method === 'POST' ? c.get('form') : undefined;
  const listProblem = !held.ok ? held.problem : !drafts.ok ? drafts.problem : undefined;
  return renderPage(
    c,
    'Rechnungen',
    <>
      <SubNav current="zu-stellen" />
      <Section id="rechnungslauf" title="Rechnungslauf">
        <p class="kern-body">
          Ein Rechnungslauf stellt alle fälligen Rechnungen auf einmal aus. Zuerst sehen Sie eine Vorschau mit den Summen; erst danach
          entscheiden Sie, ob die Rechnungen ausgestellt werden.
        </p>
        <RunForm c={c} names={names} error={runError} values={form} />
      </Section>
      <Section id="positionen" title="Abrechenbare Positionen">
        <FilterForm action={RECHNUNGEN} label="Positionen filtern">
          <SelectField name="kommune" label="Kommune" options={municipalityOptions(names)} value={filters.kommune} />
          <SelectField
            name="stand"
            label="Stand"
            options={[
              ['', 'Alle'],
              ['ready', 'Bereit zur Abrechnung'],
              ['waiting', 'Wartet'],
            ]}
            value={filters.stand}
          />
          {filters.termin && <input type="hidden" name="termin" value={filters.termin} />}
        </FilterForm>
        {filters.termin && (
          <p class="kern-body">
            Nur ein Termin wird gezeigt.{' '}
            <a class="kern-link" href={`${RECHNUNGEN}${query({ kommune: filters.kommune, stand: filters.stand })}`}>
              Alle Termine zeigen
            </a>
          </p>
        )}
        {!positions.ok && <ProblemMessage problem={positions.problem} title="Die Positionen konnten nicht geladen werden" />}
        <DataTable
          caption="Positionen, die noch nicht abgerechnet sind, nach Termin"
          captionHidden
          columns={positionColumns(names)}
          rows={positions.ok ? positions.body.items : []}
          empty="Keine offenen Positionen."
        />
        <Pagination href={RECHNUNGEN} params={filters} nextCursor={positions.ok ? positions.body.nextCursor : null} isFirstPage={!cursor} />
      </Section>
      <Section id="angehalten-entwuerfe" title="Angehaltene Rechnungen und Entwürfe">
        {listProblem && <ProblemMessage problem={listProblem} title="Die Rechnungen konnten nicht geladen werden" />}
        <DataTable
          caption="Angehaltene Rechnungen (mit Grund) und Entwürfe"
          captionHidden
          columns={toIssueColumns(names)}
          rows={[...(held.ok ? held.body.items : []), ...(drafts.ok ? drafts.body.items : [])]}
          empty="Keine angehaltenen Rechnungen und keine Entwürfe."
        />
        {((held.ok && held.body.nextCursor) || (drafts.ok && drafts.body.nextCursor)) && (
          <p class="kern-body">
            Es gibt mehr:{' '}
            <a class="kern-link" href={`${LISTE}?status=held`}>
              alle angehaltenen
            </a>{' '}
            und{' '}
            <a class="kern-link" href={`${LISTE}?status=draft`}>
              alle Entwürfe
            </a>
            .
          </p>
        )}
      </Section>
    </>,
  );
}

const STATUS_FILTER = [['', 'Alle'], ...Object.entries(STATUS_LABELS).filter(([s]) => s !== 'voided')] as const;

/** Alle Rechnungen: invoices and credit notes, filtered by municipality, status and overdue, a page at a time. */
async function listPage(c: BackofficeContext) {
  const api = c.get('api');
  const filters = {
    kommune: c.req.query('kommune') ?? '',
    status: c.req.query('status') ?? '',
    ueberfaellig: c.req.query('ueberfaellig') ?? '',
  };
  const cursor = c.req.query('cursor');
  const [names, invoices] = await Promise.all([
    customerNames(api),
    api.get<Page<Invoice>>(
      `/v1/invoices${query({
        municipalityId: filters.kommune,
        status: filters.status,
        overdue: filters.ueberfaellig === 'ja' ? 'true' : undefined,
        limit: PAGE_SIZE,
        cursor,
      })}`,
    ),
  ]);
  const columns: Column<Invoice>[] = [
    { header: 'Nummer', cell: invoiceLink },
    { header: 'Art', cell: typeLabel },
    { header: 'Kommune', cell: (i) => i.buyer?.name ?? nameOf(names, i.municipalityId) },
    { header: 'Rechnungsdatum', cell: (i) => (i.issueDate ? formatDate(i.issueDate) : '–') },
    { header: 'Fällig am', cell: (i) => (i.dueDate ? formatDate(i.dueDate) : '–') },
    { header: 'Betrag', numeric: true, cell: (i) => formatEuro(i.totals.grossCents) },
    { header: 'Offen', numeric: true, cell: (i) => (i.type === 'invoice' && i.number ? formatEuro(i.totals.outstandingCents) : '–') },
    { header: 'Status', cell: (i) => <StatusBadges invoice={i} /> },
  ];
  return renderPage(
    c,
    'Alle Rechnungen',
    <>
      <SubNav current="liste" />
      <FilterForm action={LISTE} label="Rechnungen filtern">
        <SelectField name="kommune" label="Kommune" options={municipalityOptions(names)} value={filters.kommune} />
        <SelectField name="status" label="Status" options={STATUS_FILTER} value={filters.status} />
        <SelectField
          name="ueberfaellig"
          label="Überfällig"
          options={[
            ['', 'Alle'],
            ['ja', 'Nur überfällige'],
          ]}
          value={filters.ueberfaellig}
        />
      </FilterForm>
      {!invoices.ok && <ProblemMessage problem={invoices.problem} title="Die Rechnungen konnten nicht geladen werden" />}
      <DataTable
        caption="Rechnungen und Stornorechnungen"
        columns={columns}
        rows={invoices.ok ? invoices.body.items : []}
        empty="Keine Rechnungen zu diesen Filtern."
      />
      <Pagination href={LISTE} params={filters} nextCursor={invoices.ok ? invoices.body.nextCursor : null} isFirstPage={!cursor} />
    </>,
  );
}

/** Rechnungen: what is to invoice, invoice runs, every invoice, and one invoice with its documents and payments. */
export const invoices: Screen = {
  path: '/rechnungen',
  area: 'billing',
  nav: { label: 'Rechnungen', order: 30 },
  routes(router) {
    router.get('/', (c) => toIssuePage(c));
    router.get('/liste', (c) => listPage(c));
    runRoutes(router, toIssuePage);
    invoiceRoutes(router);
  },
};
