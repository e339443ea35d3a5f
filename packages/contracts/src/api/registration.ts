import { z } from '@hono/zod-openapi';
import { Cursor, Email, ErasedParticipant, Id, Money, MunicipalityId, Participant, Text } from '../shared.ts';

/** BT-13 of the invoice: the municipality's purchase order or file reference (Bestellnummer / Aktenzeichen). */
const PurchaseOrderReference = Text.trim()
  .min(1)
  .max(100)
  .optional()
  .openapi({ description: 'Bestellnummer / Aktenzeichen for the invoice (XRechnung BT-13)', example: 'AZ 11-04/2027' });

export const RegistrationInput = z
  .object({
    offeringId: Id,
    participant: z.object(Participant.shape).openapi('Participant', {
      example: { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' },
    }),
    municipalityId: MunicipalityId.optional().openapi({
      description: 'Back office only: the municipality the booking is billed to',
      example: 'oldenburg',
    }),
    purchaseOrderReference: PurchaseOrderReference,
  })
  .openapi('RegistrationInput');
export type RegistrationInput = z.infer<typeof RegistrationInput>;

export const RegistrationStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);

/** Who cancelled and what it costs under the cancellation terms. */
const Cancellation = z.object({
  reason: z.enum(['participant', 'institute']),
  kind: z.enum(['free', 'late', 'no-show']),
  feePercent: z.number().int(),
});

export const Registration = z
  .object({
    id: z.uuid(),
    offeringId: z.uuid(),
    status: RegistrationStatus,
    waitlistPosition: z.number().int().positive().optional(),
    participant: z.union([Participant, ErasedParticipant]).openapi({
      description:
        '`{ "erased": true }` once the person\'s data was erased (on request or after its retention period); the place still counts',
    }),
    municipalityId: z.string().nullable(),
    purchaseOrderReference: z.string().nullable().optional().openapi({ description: 'As given with the registration' }),
    attended: z.boolean().optional().openapi({ description: 'Recorded after the date by the back office' }),
    cancellation: Cancellation.optional().openapi({
      description: 'For a cancelled registration: who cancelled and what it costs under the cancellation terms',
    }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Registration');
export type Registration = z.infer<typeof Registration>;

export const RegistrationQuery = z.object({
  offeringId: Id.optional(),
  status: RegistrationStatus.optional(),
  email: Email.optional().openapi({ description: 'Participant e-mail, case-insensitive' }),
  municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional().openapi({ description: 'nextCursor of the previous page' }),
});
export type RegistrationQuery = z.infer<typeof RegistrationQuery>;

export const RegistrationPage = z.object({ items: z.array(Registration), nextCursor: z.string().nullable() }).openapi('RegistrationPage');

export const BATCH_LIMIT = 200;

export const RegistrationBatchInput = z
  .object({
    registrations: z
      .array(
        z.object({
          offeringId: Id,
          participant: z.object(Participant.shape),
          purchaseOrderReference: PurchaseOrderReference.openapi({ description: 'For this person; overrides the booking’s' }),
        }),
      )
      .min(1)
      .max(BATCH_LIMIT),
    /** See the outcome without booking anything. */
    dryRun: z.boolean().default(false),
    municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only: the municipality billed', example: 'oldenburg' }),
    purchaseOrderReference: PurchaseOrderReference.openapi({ description: 'For everyone in the booking (Bestellnummer / Aktenzeichen)' }),
  })
  .openapi('RegistrationBatchInput');
export type RegistrationBatchInput = z.infer<typeof RegistrationBatchInput>;

export const BatchOutcome = z
  .object({
    index: z.number().int().nonnegative(),
    offeringId: z.uuid(),
    email: z.string(),
    outcome: z.enum(['confirmed', 'waitlisted', 'refused']),
    registrationId: z.uuid().optional().openapi({ description: 'Absent when refused; in a dry run the id it would get' }),
    waitlistPosition: z.number().int().positive().optional(),
    refusal: z
      .object({
        code: z.string(),
        detail: z.string(),
        existingRegistrationId: z.uuid().optional().openapi({
          description: '`already-registered`: the place the person holds, when it is the caller’s municipality’s (or for the back office)',
        }),
      })
      .optional(),
  })
  .openapi('BatchOutcome');
export type BatchOutcome = z.infer<typeof BatchOutcome>;

export const RegistrationBatchResult = z
  .object({
    dryRun: z.boolean(),
    results: z.array(BatchOutcome),
    summary: z.object({ confirmed: z.number().int(), waitlisted: z.number().int(), refused: z.number().int() }),
  })
  .openapi('RegistrationBatchResult');
export type RegistrationBatchResult = z.infer<typeof RegistrationBatchResult>;

const DryRun = z.boolean().default(false).openapi({ description: 'See what it would do (200 with the preview) without changing anything' });

export const SubstituteInput = z
  .object({ participant: z.object(Participant.shape).openapi({ description: 'The person who takes over the place' }), dryRun: DryRun })
  .openapi('SubstituteInput');

/** The body of a cancellation: optional, since a cancellation needs nothing but the path. */
export const CancelInput = z.object({ dryRun: DryRun }).openapi('CancelInput');

export const CancellationPreview = z
  .object({
    dryRun: z.literal(true),
    registrationId: z.uuid(),
    offeringId: z.uuid(),
    status: z.enum(['confirmed', 'waitlisted']).openapi({ description: 'The place as it is now' }),
    cancellation: Cancellation.extend({
      amount: Money.openapi({
        description: 'What the cancellation would cost (net): `feePercent` of the fee, rounded half up to the cent as invoicing bills it',
      }),
    }),
    movesUp: z
      .array(
        z.object({
          registrationId: z.uuid(),
          participant: z
            .object({ firstName: z.string(), lastName: z.string() })
            .optional()
            .openapi({ description: 'For the back office, or when the person was booked by the caller’s municipality' }),
        }),
      )
      .openapi({ description: 'Who would move up from the waiting list into the freed seat, head first (usually one or none)' }),
  })
  .openapi('CancellationPreview', { description: 'What the cancellation would be if made now; nothing was changed' });
export type CancellationPreview = z.infer<typeof CancellationPreview>;

export const SubstitutionPreview = z
  .object({ dryRun: z.literal(true), registration: Registration })
  .openapi('SubstitutionPreview', { description: 'The registration as the substitution would leave it; nothing was changed' });
export type SubstitutionPreview = z.infer<typeof SubstitutionPreview>;

export const AttendanceInput = z.object({ attended: z.boolean() }).openapi('AttendanceInput');

/** At most this many offerings per summary request. */
export const SUMMARY_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const RegistrationSummaryQuery = z.object({
  offeringId: Text.max(SUMMARY_LIMIT * 37)
    .refine((value) => {
      const ids = value.split(',');
      return ids.length <= SUMMARY_LIMIT && ids.every((id) => UUID.test(id));
    }, `is not a comma-separated list of 1 to ${SUMMARY_LIMIT} offering ids`)
    .transform((value) => [...new Set(value.split(','))])
    .openapi({
      type: 'string',
      description: `Offering ids, comma-separated (1 to ${SUMMARY_LIMIT})`,
      example: '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d,7d1f0c1e-3a55-4c55-9a8e-1c2b3d4e5f60',
    }),
});
export type RegistrationSummaryQuery = z.infer<typeof RegistrationSummaryQuery>;

export const RegistrationSummary = z
  .object({
    offeringId: z.uuid(),
    capacity: z.number().int().openapi({ description: 'Seats, as registration knows them' }),
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    attended: z.number().int().openapi({ description: 'Confirmed places recorded as attended' }),
  })
  .openapi('RegistrationSummary');
export type RegistrationSummary = z.infer<typeof RegistrationSummary>;

export const RegistrationSummaries = z
  .object({ items: z.array(RegistrationSummary) })
  .openapi('RegistrationSummaries', { description: 'In the order asked; offerings registration does not know are left out' });
