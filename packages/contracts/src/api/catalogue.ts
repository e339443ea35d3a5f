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

export const OfferingInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-17T16:00:00+01:00' }),
    venue: z.string().trim().min(1).max(300).openapi({ example: 'Oldenburg, Seminarzentrum' }),
    capacity: z.number().int().min(1).max(10000).openapi({ example: 16 }),
    registrationDeadline: z.iso.date().openapi({ example: '2027-02-02' }),
  })
  .refine((o) => Date.parse(o.endsAt) > Date.parse(o.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  })
  .refine((o) => Date.parse(`${o.registrationDeadline}T00:00:00Z`) <= Date.parse(o.startsAt), {
    path: ['registrationDeadline'],
    message: 'must not be after startsAt',
  })
  .openapi('OfferingInput');
export type OfferingInput = z.infer<typeof OfferingInput>;

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
