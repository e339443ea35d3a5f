import { createHash } from 'node:crypto';
import {
  type AttendanceRecorded,
  type CloudEvent,
  type CreditNoteIssued,
  type DataOf,
  type EventParticipant,
  type InvoiceIssued,
  type InvoicePaymentRecorded,
  isErased,
  type OfferingSnapshot,
  type RegistrationCancelled,
  type RegistrationConfirmed,
  type RegistrationRescheduled,
  type RegistrationSubstituted,
  type RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { type WebhookEventType, type WebhookRegistration, webhookPayloads } from '@seminarwerk/contracts/api';
import type { PublicEvent } from '../app/event-feed.ts';

/**
 * Maps the events notification consumes to what partners receive (docs/api.md, Webhooks): public data only (no
 * `bookedBy`, no meeting link, no buyer address or document bytes), each with the municipality it belongs to, which
 * decides who may see it. Every payload is checked against its published schema before it is recorded.
 */

type Facts = Pick<DataOf<typeof RegistrationConfirmed>, 'registrationId' | 'offeringId' | 'municipalityId' | 'participant' | 'offering'>;

const snapshot = (offeringId: string, o: OfferingSnapshot) => ({
  id: offeringId,
  seminarId: o.seminarId,
  title: o.title,
  startsAt: o.startsAt,
  endsAt: o.endsAt,
  location: o.venue,
});

/** How the feed names a person whose data was erased, in new entries and in place of the person in older ones. */
export const ERASED = { erased: true } as const;

/** What partners see of a person: the name and address, or that they were erased. */
const participant = (p: EventParticipant) => (isErased(p) ? ERASED : { firstName: p.firstName, lastName: p.lastName, email: p.email });

function registration(facts: Facts, status: WebhookRegistration['status'], extra: Partial<WebhookRegistration> = {}): WebhookRegistration {
  return {
    id: facts.registrationId,
    offeringId: facts.offeringId,
    status,
    participant: participant(facts.participant),
    municipalityId: facts.municipalityId,
    ...extra,
    offering: snapshot(facts.offeringId, facts.offering),
  };
}

function publicEvent(
  type: WebhookEventType,
  id: string,
  source: CloudEvent,
  about: { municipalityId: string | null; orderingKey: string },
  data: unknown,
): PublicEvent {
  const payload = webhookPayloads[type].parse({ id, type, occurredAt: source.time, data });
  return { id, type, occurredAt: source.time, municipalityId: about.municipalityId, orderingKey: about.orderingKey, payload };
}

const ofRegistration = (facts: Facts) => ({ municipalityId: facts.municipalityId, orderingKey: facts.registrationId });

/**
 * An id derived from what an event is, for events that several source events stand for (one `offering.cancelled` per
 * municipality, however many of its registrations were cancelled with the date): the same name, the same id, so the
 * feed keeps it once. A name-based UUID (version 5 layout, SHA-1).
 */
export function derivedId(name: string): string {
  const hash = createHash('sha1').update(`seminarwerk:${name}`).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function confirmedEvents(data: DataOf<typeof RegistrationConfirmed>, source: CloudEvent): PublicEvent[] {
  const type = data.via === 'waitlist' ? 'registration.promoted' : 'registration.confirmed';
  const body = registration(data, 'confirmed', { purchaseOrderReference: data.purchaseOrderReference ?? null });
  return [publicEvent(type, source.id, source, ofRegistration(data), body)];
}

export function waitlistedEvents(data: DataOf<typeof RegistrationWaitlisted>, source: CloudEvent): PublicEvent[] {
  const body = registration(data, 'waitlisted', { waitlistPosition: data.position });
  return [publicEvent('registration.waitlisted', source.id, source, ofRegistration(data), body)];
}

/** A cancellation by the institute also tells each municipality, once, that the date is off. */
export function cancelledEvents(data: DataOf<typeof RegistrationCancelled>, source: CloudEvent): PublicEvent[] {
  const cancellation = { reason: data.reason, kind: data.classification.kind, feePercent: data.classification.feePercent };
  const body = registration(data, 'cancelled', { cancellation, previousStatus: data.previousStatus });
  const events = [publicEvent('registration.cancelled', source.id, source, ofRegistration(data), body)];
  if (data.reason === 'institute') {
    const id = derivedId(`offering.cancelled:${data.offeringId}:${data.municipalityId ?? '-'}`);
    const offering = { ...snapshot(data.offeringId, data.offering), status: 'cancelled', municipalityId: data.municipalityId };
    events.push(
      publicEvent('offering.cancelled', id, source, { municipalityId: data.municipalityId, orderingKey: data.offeringId }, offering),
    );
  }
  return events;
}

export function substitutedEvents(data: DataOf<typeof RegistrationSubstituted>, source: CloudEvent): PublicEvent[] {
  const body = registration(data, 'confirmed', { previousParticipant: participant(data.previous) });
  return [publicEvent('registration.substituted', source.id, source, ofRegistration(data), body)];
}

export function attendanceEvents(data: DataOf<typeof AttendanceRecorded>, source: CloudEvent): PublicEvent[] {
  const body = registration(data, 'confirmed', { attended: data.attended });
  return [publicEvent('registration.attendance-recorded', source.id, source, ofRegistration(data), body)];
}

/**
 * Registration tells each registration of a moved date (`<id of the reschedule>.<registrationId>`); a municipality
 * hears of the move once, whichever of its registrations comes first.
 */
export function rescheduledEvents(data: DataOf<typeof RegistrationRescheduled>, source: CloudEvent): PublicEvent[] {
  const reschedule = source.id.split('.')[0];
  const id = derivedId(`offering.rescheduled:${reschedule}:${data.municipalityId ?? '-'}`);
  const offering = {
    ...snapshot(data.offeringId, data.offering),
    status: 'published',
    previous: { startsAt: data.previous.startsAt, endsAt: data.previous.endsAt, location: data.previous.venue },
    municipalityId: data.municipalityId,
  };
  return [publicEvent('offering.rescheduled', id, source, { municipalityId: data.municipalityId, orderingKey: data.offeringId }, offering)];
}

type Issued = DataOf<typeof InvoiceIssued> | DataOf<typeof CreditNoteIssued>;

function invoice(data: Issued) {
  const credit = 'precedingInvoice' in data;
  return {
    id: data.invoiceId,
    type: credit ? 'credit-note' : 'invoice',
    number: data.number,
    status: 'issued',
    municipalityId: data.municipalityId,
    issueDate: data.issueDate,
    dueDate: 'dueDate' in data ? data.dueDate : null,
    totals: { ...data.totals },
    lines: data.lines.map((l) => ({ ...l })),
    documents: data.documents.map((d) => ({ kind: d.kind, fileName: d.fileName, mediaType: d.mediaType, sha256: d.sha256 })),
    precedingInvoice: credit
      ? { id: data.precedingInvoice.invoiceId, number: data.precedingInvoice.number, issueDate: data.precedingInvoice.issueDate }
      : null,
    reason: credit ? data.reason : null,
  };
}

const ofInvoice = (data: { municipalityId: string; invoiceId: string }) => ({
  municipalityId: data.municipalityId,
  orderingKey: data.invoiceId,
});

export const invoiceIssuedEvents = (data: DataOf<typeof InvoiceIssued>, source: CloudEvent) => [
  publicEvent('invoice.issued', source.id, source, ofInvoice(data), invoice(data)),
];

export const creditNoteIssuedEvents = (data: DataOf<typeof CreditNoteIssued>, source: CloudEvent) => [
  publicEvent('invoice.credit-note-issued', source.id, source, ofInvoice(data), invoice(data)),
];

/** Only the payment that settles an invoice is an event for partners; partial payments are in the API. */
export function paymentEvents(data: DataOf<typeof InvoicePaymentRecorded>, source: CloudEvent): PublicEvent[] {
  if (data.status !== 'paid') return [];
  const body = {
    id: data.invoiceId,
    type: 'invoice',
    number: data.number,
    status: 'paid',
    municipalityId: data.municipalityId,
    payment: { id: data.paymentId, amountCents: data.amountCents, paidOn: data.paidOn },
    outstandingCents: data.outstandingCents,
  };
  return [publicEvent('invoice.paid', source.id, source, ofInvoice(data), body)];
}
