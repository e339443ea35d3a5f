import { z } from '@hono/zod-openapi';
import { CancellationTerms } from '../catalogue.ts';
import { VatTreatment } from '../shared.ts';

const defaultTerms: CancellationTerms = {
  freeUntilDaysBefore: 14,
  lateCancellationFeePercent: 50,
  noShowFeePercent: 100,
  substituteAllowed: true,
};

export const SeminarInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    topic: z.string().trim().min(1).max(100),
    summary: z.string().max(2000).default(''),
    description: z.string().max(20000).default(''),
    audience: z.string().max(1000).default(''),
    lecturers: z.array(z.string().min(1).max(200)).max(20).default([]),
    feeCents: z.number().int().min(0).openapi({ example: 34000 }),
    vat: VatTreatment.default('exempt-4-22a'),
    cancellationTerms: CancellationTerms.default(defaultTerms),
  })
  .openapi('SeminarInput');
export type SeminarInput = z.infer<typeof SeminarInput>;

export const Seminar = SeminarInput.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
}).openapi('Seminar');
export type Seminar = z.infer<typeof Seminar>;

// Cross-field rules of a date. They hold vacuously while a field is missing or malformed: that field
// already has its own error, and a second one ("endsAt must be after startsAt") would only mislead.
const instant = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);
const endsAfterStart = (o: { startsAt: string; endsAt: string }) => {
  const [start, end] = [instant(o.startsAt), instant(o.endsAt)];
  return Number.isNaN(start) || Number.isNaN(end) || end > start;
};
/** The deadline is the last day to register, so it may be the start day itself, not later. */
const deadlineNotAfterStart = (o: { startsAt: string; registrationDeadline?: string }) => {
  if (o.registrationDeadline === undefined) return true;
  const [start, deadline] = [instant(o.startsAt), instant(`${o.registrationDeadline}T00:00:00Z`)];
  return Number.isNaN(start) || Number.isNaN(deadline) || deadline <= start;
};

export const OfferingInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-17T16:00:00+01:00' }),
    venue: z.string().trim().min(1).max(300).openapi({ example: 'Oldenburg, Seminarzentrum' }),
    capacity: z.number().int().min(1).max(10000).openapi({ example: 16 }),
    registrationDeadline: z.iso.date().openapi({ example: '2027-02-02' }),
  })
  .refine(endsAfterStart, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine(deadlineNotAfterStart, { path: ['registrationDeadline'], message: 'must not be after startsAt' })
  .openapi('OfferingInput');
export type OfferingInput = z.infer<typeof OfferingInput>;

/** New number of seats. Seats available are not computed here: registration reports them. */
export const CapacityChangeInput = z
  .object({ capacity: z.number().int().min(1).max(10000).openapi({ example: 20 }) })
  .openapi('CapacityChangeInput');
export type CapacityChangeInput = z.infer<typeof CapacityChangeInput>;

/** A new date. `venue` and `registrationDeadline` stay as they are when left out. */
export const RescheduleInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-03-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-03-17T16:00:00+01:00' }),
    venue: z.string().trim().min(1).max(300).optional().openapi({ example: 'Hannover, Tagungszentrum' }),
    registrationDeadline: z.iso.date().optional().openapi({ example: '2027-03-02' }),
  })
  .refine(endsAfterStart, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine(deadlineNotAfterStart, { path: ['registrationDeadline'], message: 'must not be after startsAt' })
  .openapi('RescheduleInput');
export type RescheduleInput = z.infer<typeof RescheduleInput>;

export const OfferingCancellationInput = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ example: 'Referentin erkrankt' }) })
  .openapi('OfferingCancellationInput');
export type OfferingCancellationInput = z.infer<typeof OfferingCancellationInput>;

export const OfferingStatus = z.enum(['draft', 'published', 'cancelled']);

export const Offering = z
  .object({
    id: z.uuid(),
    seminarId: z.uuid(),
    title: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    venue: z.string(),
    capacity: z.number().int(),
    seatsAvailable: z.number().int().openapi({ description: 'Free seats as last reported by registration' }),
    registrationDeadline: z.iso.date(),
    status: OfferingStatus,
    feeCents: z.number().int(),
  })
  .openapi('Offering');
export type Offering = z.infer<typeof Offering>;

export const SeminarList = z.object({ items: z.array(Seminar) }).openapi('SeminarList');
