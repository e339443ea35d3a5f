import { z } from '@hono/zod-openapi';
import { VatTreatment } from '../shared.ts';

/**
 * What partners receive, by webhook and from the event feed (`GET /v1/events`): the same payload in both.
 * These are public API, like the resources: add fields, never change meaning.
 */
export const WEBHOOK_EVENT_TYPES = [
  'registration.confirmed',
  'registration.waitlisted',
  'registration.promoted',
  'registration.cancelled',
  'registration.substituted',
  'registration.attendance-recorded',
  'offering.rescheduled',
  'offering.cancelled',
  'invoice.issued',
  'invoice.credit-note-issued',
  'invoice.paid',
] as const;

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType', {
  description:
    '`registration.confirmed`: a seat was given at once; `registration.promoted`: a seat was given from the waiting list; ' +
    '`registration.waitlisted`; `registration.cancelled` (with the fee classification); `registration.substituted`; ' +
    '`registration.attendance-recorded`; `offering.rescheduled` / `offering.cancelled`: a date your municipality has ' +
    'registrations on moved or was called off by the institute; `invoice.issued`; `invoice.credit-note-issued`; ' +
    '`invoice.paid` (fully paid).',
});
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const Timestamp = z.iso.datetime({ offset: true });

const NamedParticipant = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
});

/**
 * The person, or `{ "erased": true }` once their data was erased (on request, Art. 17 DSGVO, or after its retention
 * period): the event stays, naming nobody. Entries recorded before the erasure are blanked the same way.
 */
const Participant = z.union([
  NamedParticipant,
  z
    .object({ erased: z.literal(true) })
    .openapi('WebhookErasedParticipant', { description: 'The person’s data was erased; the event names nobody' }),
]);

/** The date as a participant is told about it. */
export const WebhookOfferingSnapshot = z
  .object({
    id: z.uuid(),
    seminarId: z.uuid(),
    title: z.string(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    location: z.string().openapi({ description: 'Where, as one line ("Seminarzentrum, Musterstraße 1, 26121 Oldenburg" or "Online")' }),
  })
  .openapi('WebhookOfferingSnapshot');

/** A registration as the API shows it (`Registration`), at the moment of the event, with the date it is for. */
export const WebhookRegistration = z
  .object({
    id: z.uuid(),
    offeringId: z.uuid(),
    status: z.enum(['confirmed', 'waitlisted', 'cancelled']),
    waitlistPosition: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: '`registration.waitlisted`: the position at the moment of waitlisting' }),
    participant: Participant,
    municipalityId: z.string().nullable().openapi({ description: 'Who is billed; `null` for a back-office booking without one' }),
    purchaseOrderReference: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Confirmations and promotions: the Bestellnummer / Aktenzeichen given with the booking (`null`: none)' }),
    attended: z.boolean().optional().openapi({ description: '`registration.attendance-recorded`: what was recorded' }),
    cancellation: z
      .object({
        reason: z.enum(['participant', 'institute']),
        kind: z.enum(['free', 'late', 'no-show']),
        feePercent: z.number().int().min(0).max(100),
      })
      .optional()
      .openapi({ description: '`registration.cancelled`: who cancelled and what it costs under the cancellation terms' }),
    previousStatus: z.enum(['confirmed', 'waitlisted']).optional().openapi({ description: '`registration.cancelled`: the status before' }),
    previousParticipant: Participant.optional().openapi({ description: '`registration.substituted`: the person replaced' }),
    offering: WebhookOfferingSnapshot,
  })
  .openapi('WebhookRegistration');
export type WebhookRegistration = z.infer<typeof WebhookRegistration>;

/**
 * A date moved or called off. Sent to each municipality with registrations on it (active ones, when it happened), once
 * per municipality and change; the registrations themselves are in `GET /v1/registrations?offeringId=`.
 */
export const WebhookOffering = WebhookOfferingSnapshot.extend({
  status: z.enum(['published', 'cancelled']),
  previous: z
    .object({ startsAt: Timestamp, endsAt: Timestamp, location: z.string() })
    .optional()
    .openapi({ description: '`offering.rescheduled`: the date and place before' }),
  municipalityId: z
    .string()
    .nullable()
    .openapi({ description: 'The municipality this notice is for (`null`: back-office bookings without one)' }),
}).openapi('WebhookOffering');
export type WebhookOffering = z.infer<typeof WebhookOffering>;

/** An issued invoice or credit note, in short: no buyer address, no document bytes (download them by `id`). */
export const WebhookInvoice = z
  .object({
    id: z.uuid(),
    type: z.enum(['invoice', 'credit-note']),
    number: z.string(),
    status: z.enum(['issued']),
    municipalityId: z.string(),
    issueDate: z.iso.date(),
    dueDate: z.iso.date().nullable().openapi({ description: 'Invoices; `null` for credit notes' }),
    totals: z.object({ netCents: z.number().int(), vatCents: z.number().int(), grossCents: z.number().int(), currency: z.literal('EUR') }),
    lines: z.array(
      z.object({
        registrationId: z.uuid(),
        offeringId: z.uuid(),
        kind: z.enum(['fee', 'cancellation-fee', 'no-show-fee']),
        description: z.string(),
        netCents: z.number().int(),
        vat: VatTreatment,
      }),
    ),
    documents: z
      .array(z.object({ kind: z.enum(['xrechnung', 'pdf']), fileName: z.string(), mediaType: z.string(), sha256: z.string() }))
      .openapi({ description: 'GET /v1/invoices/{id}/xrechnung and /pdf serve these bytes; `sha256` lets you check them' }),
    precedingInvoice: z
      .object({ id: z.uuid(), number: z.string(), issueDate: z.iso.date() })
      .nullable()
      .openapi({ description: 'Credit notes: the invoice they cancel' }),
    reason: z.string().nullable().openapi({ description: 'Credit notes: why' }),
  })
  .openapi('WebhookInvoice');
export type WebhookInvoice = z.infer<typeof WebhookInvoice>;

/** An invoice is fully paid (partial payments send nothing). */
export const WebhookInvoicePaid = z
  .object({
    id: z.uuid(),
    type: z.literal('invoice'),
    number: z.string(),
    status: z.literal('paid'),
    municipalityId: z.string(),
    payment: z.object({ id: z.uuid(), amountCents: z.number().int().positive(), paidOn: z.iso.date() }).openapi({
      description: 'The payment that settled it',
    }),
    outstandingCents: z.number().int(),
  })
  .openapi('WebhookInvoicePaid');
export type WebhookInvoicePaid = z.infer<typeof WebhookInvoicePaid>;

const envelope = <const T extends WebhookEventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    id: z.string().openapi({ description: 'Unique per event; the same as the `webhook-id` header. Deduplicate on it' }),
    type: z.literal(type),
    occurredAt: Timestamp.openapi({ description: 'When it happened' }),
    data,
  });

/** Each type with its data, for the OpenAPI document's `webhooks` and for the feed's items. */
export const webhookPayloads = {
  'registration.confirmed': envelope('registration.confirmed', WebhookRegistration),
  'registration.waitlisted': envelope('registration.waitlisted', WebhookRegistration),
  'registration.promoted': envelope('registration.promoted', WebhookRegistration),
  'registration.cancelled': envelope('registration.cancelled', WebhookRegistration),
  'registration.substituted': envelope('registration.substituted', WebhookRegistration),
  'registration.attendance-recorded': envelope('registration.attendance-recorded', WebhookRegistration),
  'offering.rescheduled': envelope('offering.rescheduled', WebhookOffering),
  'offering.cancelled': envelope('offering.cancelled', WebhookOffering),
  'invoice.issued': envelope('invoice.issued', WebhookInvoice),
  'invoice.credit-note-issued': envelope('invoice.credit-note-issued', WebhookInvoice),
  'invoice.paid': envelope('invoice.paid', WebhookInvoicePaid),
} as const satisfies Record<WebhookEventType, z.ZodType>;

const p = webhookPayloads;
export const WebhookEvent = z
  .discriminatedUnion('type', [
    p['registration.confirmed'],
    p['registration.waitlisted'],
    p['registration.promoted'],
    p['registration.cancelled'],
    p['registration.substituted'],
    p['registration.attendance-recorded'],
    p['offering.rescheduled'],
    p['offering.cancelled'],
    p['invoice.issued'],
    p['invoice.credit-note-issued'],
    p['invoice.paid'],
  ])
  .openapi('WebhookEvent', { description: 'A webhook payload and an item of the event feed: `{ id, type, occurredAt, data }`' });
export type WebhookEvent = z.infer<typeof WebhookEvent>;
