import { isoDay } from '../../ui/format.ts';
import { Badge } from '../../ui/messages.tsx';
import type { Invoice, InvoiceStatus } from './api.ts';

/** The invoicing service's reasons (hold, waiting, skipped) in German; its own `detail` (English) is the fallback. */
const REASONS: Record<string, string> = {
  'not-started': 'Der Termin hat noch nicht begonnen.',
  'month-not-over': 'Sammelrechnung: Der Monat ist noch nicht vorbei.',
  'missing-customer': 'Die Kommune ist noch nicht als Kunde angelegt.',
  'missing-leitweg-id': 'Für die Kommune ist keine gültige Leitweg-ID hinterlegt.',
  'validation-failed': 'Die XRechnung hat die Prüfung nicht bestanden (siehe Prüfergebnis der Rechnung).',
  'already-issued': 'Schon ausgestellt (von einem anderen Rechnungslauf).',
  'validator-unavailable': 'Der Prüfdienst für XRechnungen war nicht erreichbar. Bitte starten Sie den Lauf später noch einmal.',
};
export const reasonText = (r: { reason: string; detail: string }) => REASONS[r.reason] ?? r.detail;

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Entwurf',
  held: 'angehalten',
  issued: 'ausgestellt',
  'partially-paid': 'teilweise bezahlt',
  paid: 'bezahlt',
  cancelled: 'storniert',
  voided: 'entfallen',
};

const TONES: Record<InvoiceStatus, 'info' | 'success' | 'warning' | 'danger' | undefined> = {
  draft: 'info',
  held: 'warning',
  issued: undefined,
  'partially-paid': 'info',
  paid: 'success',
  cancelled: undefined,
  voided: undefined,
};

/** Issued or partially paid, and the due date has passed (as the API's `overdue=true`). */
export const isOverdue = (i: Invoice) =>
  (i.status === 'issued' || i.status === 'partially-paid') && i.dueDate !== null && i.dueDate < isoDay(new Date());

export const StatusBadges = ({ invoice }: { invoice: Invoice }) => (
  <>
    <Badge tone={TONES[invoice.status]}>{STATUS_LABELS[invoice.status]}</Badge>
    {isOverdue(invoice) && (
      <>
        {' '}
        <Badge tone="danger">überfällig</Badge>
      </>
    )}
  </>
);

export const typeLabel = (i: Invoice) => (i.type === 'credit-note' ? 'Stornorechnung' : 'Rechnung');
export const BILLING_LABELS = { 'per-registration': 'je Anmeldung', 'collective-monthly': 'Sammelrechnung je Monat' } as const;
export const KIND_LABELS: Record<string, string> = {
  fee: 'Teilnahmegebühr',
  'cancellation-fee': 'Stornogebühr',
  'no-show-fee': 'Gebühr für Nichterscheinen',
};
