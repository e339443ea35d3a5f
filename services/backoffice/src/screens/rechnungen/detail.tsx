import type { Hono } from 'hono';
import type { ApiProblem } from '../../api/problem.ts';
import { BASE, type BackofficeContext, type BackofficeEnv, type FormFields } from '../../http/env.ts';
import { formatDate, formatDateTime, formatEuro } from '../../ui/format.ts';
import { Alert, Badge, ProblemMessage } from '../../ui/messages.tsx';
import { renderPage } from '../../ui/page.tsx';
import { Section } from '../../ui/section.tsx';
import { type Column, DataTable } from '../../ui/table.tsx';
import { ActionForms, actionRoutes } from './aktionen.tsx';
import type { Invoice } from './api.ts';
import { BILLING_LABELS, KIND_LABELS, reasonText, StatusBadges, typeLabel } from './labels.tsx';
import { Item, RECHNUNGEN } from './lauf.tsx';

export const UUID = '[0-9a-fA-F-]{36}';
const DOCUMENTS = {
  pdf: { path: 'pdf', type: 'application/pdf', label: 'PDF', extension: 'pdf' },
  xml: { path: 'xrechnung', type: 'application/xml', label: 'XRechnung (XML)', extension: 'xml' },
} as const;

/** What the page shows after a failed action: the problem, and the form as it was sent (which form, its values). */
export interface AfterAction {
  action?: 'zahlung' | 'stornieren' | 'ausstellen';
  problem?: ApiProblem;
  form?: FormFields;
  /** Field name of the form → German message. */
  fieldErrors?: Record<string, string>;
  /** Said above the page (e.g. the invoice was held instead of issued). */
  notice?: string;
}

export const titleOf = (i: Invoice) =>
  i.number ? `${typeLabel(i)} ${i.number}` : i.status === 'held' ? `Angehaltene ${typeLabel(i)}` : `${typeLabel(i)} (Entwurf)`;

const lineColumns: Column<Invoice['lines'][number]>[] = [
  { header: 'Termin', cell: (l) => formatDate(l.serviceDate) },
  { header: 'Leistung', cell: (l) => l.description },
  { header: 'Teilnehmer/in', cell: (l) => l.participant },
  { header: 'Art', cell: (l) => `${KIND_LABELS[l.kind] ?? l.kind}${l.feePercent < 100 ? ` (${l.feePercent} %)` : ''}` },
  { header: 'USt.', numeric: true, cell: (l) => `${l.vatRatePercent} %` },
  { header: 'Netto', numeric: true, cell: (l) => formatEuro(l.netCents) },
];

const paymentColumns: Column<Invoice['payments'][number]>[] = [
  { header: 'Zahlungsdatum', cell: (p) => formatDate(p.paidOn) },
  { header: 'Betrag', numeric: true, cell: (p) => formatEuro(p.amountCents) },
  { header: 'Verwendungszweck / Referenz', cell: (p) => p.reference ?? '–' },
  { header: 'Erfasst', cell: (p) => formatDateTime(p.recordedAt) },
];

const messageColumns: Column<NonNullable<Invoice['validation']>['messages'][number]>[] = [
  { header: 'Regel', cell: (m) => m.rule },
  { header: 'Art', cell: (m) => ({ error: 'Fehler', warning: 'Warnung', notice: 'Hinweis' })[m.severity] ?? m.severity },
  { header: 'Meldung', cell: (m) => m.text },
];

function Validation({ invoice }: { invoice: Invoice }) {
  const v = invoice.validation;
  if (!v) return <p class="kern-body">Noch nicht geprüft: Die XRechnung wird beim Ausstellen geprüft.</p>;
  return (
    <>
      <p class="kern-body">
        {v.result === 'valid' ? <Badge tone="success">gültig</Badge> : <Badge tone="danger">ungültig</Badge>} Geprüft am{' '}
        {formatDateTime(v.validatedAt)} mit {v.validator}.
      </p>
      <DataTable caption="Meldungen der Prüfung" columns={messageColumns} rows={v.messages} empty="Keine Meldungen." />
    </>
  );
}

/** One invoice: facts, documents, lines, totals, the validation result, payments, and what can be done with it. */
export async function invoicePage(c: BackofficeContext, id: string, after: AfterAction = {}) {
  const result = await c.get('api').get<Invoice>(`/v1/invoices/${id}`);
  if (!result.ok) {
    return renderPage(
      c,
      'Rechnung',
      <>
        <ProblemMessage problem={result.problem} title="Die Rechnung konnte nicht geladen werden" />
        <p class="kern-body">
          <a class="kern-link" href={RECHNUNGEN}>
            Zurück zu den Rechnungen
          </a>
        </p>
      </>,
      result.problem.status === 404 ? 404 : 200,
    );
  }
  const invoice = result.body;
  const buyer = invoice.buyer;
  const t = invoice.totals;
  return renderPage(
    c,
    titleOf(invoice),
    <>
      <p class="kern-body">
        <a class="kern-link" href={`${RECHNUNGEN}/liste`}>
          Alle Rechnungen
        </a>
      </p>
      {after.notice && <Alert tone="warning" title={after.notice} />}
      {invoice.hold && (
        <Alert tone="warning" title="Diese Rechnung ist angehalten.">
          <p class="kern-body">{reasonText(invoice.hold)}</p>
        </Alert>
      )}
      {invoice.cancelledBy && (
        <Alert tone="info" title="Diese Rechnung ist storniert.">
          <p class="kern-body">
            Storniert durch die{' '}
            <a class="kern-link" href={`${RECHNUNGEN}/${invoice.cancelledBy.id}`}>
              Stornorechnung {invoice.cancelledBy.number ?? '(noch ohne Nummer)'}
            </a>
            .
          </p>
        </Alert>
      )}
      <dl class="kern-description-list">
        <Item label="Status">
          <StatusBadges invoice={invoice} />
        </Item>
        <Item label="Kommune">
          <a class="kern-link" href={`${BASE}/kunden/${invoice.municipalityId}`}>
            {buyer?.name ?? invoice.municipalityId}
          </a>
        </Item>
        <Item label="Leitweg-ID">{buyer?.leitwegId ?? 'keine'}</Item>
        {buyer && (
          <Item label="Rechnungsanschrift">
            {[buyer.address.department, buyer.address.street, `${buyer.address.postalCode} ${buyer.address.city}`]
              .filter(Boolean)
              .join(', ')}
          </Item>
        )}
        <Item label="Abrechnung">{`${BILLING_LABELS[invoice.billing]}${invoice.period ? ` (${invoice.period})` : ''}`}</Item>
        <Item label="Rechnungsdatum">{invoice.issueDate ? formatDate(invoice.issueDate) : 'noch nicht ausgestellt'}</Item>
        {invoice.dueDate && <Item label="Fällig am">{formatDate(invoice.dueDate)}</Item>}
        {invoice.precedingInvoice && (
          <Item label="Storniert Rechnung">
            <a class="kern-link" href={`${RECHNUNGEN}/${invoice.precedingInvoice.id}`}>
              {invoice.precedingInvoice.number}
            </a>{' '}
            vom {formatDate(invoice.precedingInvoice.issueDate)}
          </Item>
        )}
        {invoice.purchaseOrderReference && <Item label="Bestellnummer / Aktenzeichen">{invoice.purchaseOrderReference}</Item>}
        {buyer?.supplierNumber && <Item label="Kreditorennummer">{buyer.supplierNumber}</Item>}
      </dl>
      {invoice.number && (
        <Section id="dokumente" title="Dokumente">
          <ul class="kern-list">
            {Object.entries(DOCUMENTS).map(([name, d]) => (
              <li>
                <a class="kern-link" href={`${RECHNUNGEN}/${invoice.id}/${name}`} download={`${invoice.number}.${d.extension}`}>
                  {d.label} herunterladen<span class="kern-sr-only"> ({invoice.number})</span>
                </a>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section id="positionen" title="Positionen">
        <DataTable caption="Positionen der Rechnung" captionHidden columns={lineColumns} rows={invoice.lines} empty="Keine Positionen." />
        <dl class="kern-description-list app-section">
          <Item label="Netto">{formatEuro(t.netCents)}</Item>
          <Item label="Umsatzsteuer">{formatEuro(t.vatCents)}</Item>
          <Item label="Gesamt (brutto)">{formatEuro(t.grossCents)}</Item>
          {invoice.type === 'invoice' && invoice.number && (
            <>
              <Item label="Bezahlt">{formatEuro(t.paidCents)}</Item>
              <Item label="Offen">{formatEuro(t.outstandingCents)}</Item>
            </>
          )}
        </dl>
      </Section>
      <Section id="pruefung" title="Prüfergebnis (XRechnung)">
        <Validation invoice={invoice} />
      </Section>
      {invoice.type === 'invoice' && invoice.number && (
        <Section id="zahlungen" title="Zahlungen">
          <DataTable
            caption="Erfasste Zahlungen"
            captionHidden
            columns={paymentColumns}
            rows={invoice.payments}
            empty="Noch keine Zahlung erfasst."
          />
        </Section>
      )}
      <ActionForms c={c} invoice={invoice} after={after} />
    </>,
  );
}

/** The document as issued, byte for byte; never kept by a cache (it names people). */
async function documentDownload(c: BackofficeContext, id: string, kind: keyof typeof DOCUMENTS) {
  const d = DOCUMENTS[kind];
  const file = await c.get('api').download(`/v1/invoices/${id}/${d.path}`, d.type);
  if (!file.ok) {
    return renderPage(
      c,
      'Dokument nicht verfügbar',
      <>
        <ProblemMessage problem={file.problem} title={`Das Dokument (${d.label}) konnte nicht geladen werden`} />
        <p class="kern-body">
          <a class="kern-link" href={`${RECHNUNGEN}/${id}`}>
            Zurück zur Rechnung
          </a>
        </p>
      </>,
      file.problem.status === 404 ? 404 : 502,
    );
  }
  const disposition = /^attachment; filename="[A-Za-z0-9._-]{1,100}"$/.test(file.body.disposition ?? '')
    ? (file.body.disposition as string)
    : `attachment; filename="rechnung-${id}.${d.extension}"`;
  return c.body(file.body.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.body.type,
    'content-disposition': disposition,
    'cache-control': 'no-store',
  });
}

export function invoiceRoutes(router: Hono<BackofficeEnv>) {
  router.get(`/:id{${UUID}}`, (c) => invoicePage(c, c.req.param('id')));
  router.get(`/:id{${UUID}}/pdf`, (c) => documentDownload(c, c.req.param('id'), 'pdf'));
  router.get(`/:id{${UUID}}/xml`, (c) => documentDownload(c, c.req.param('id'), 'xml'));
  actionRoutes(router, invoicePage);
}
