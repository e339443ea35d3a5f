import { z } from 'zod';
import { eventContract } from './cloud-event.ts';
import { Money, VatTreatment } from './shared.ts';
import { Topics } from './topics.ts';

export const CancellationTerms = z.object({
  freeUntilDaysBefore: z.number().int().min(0),
  lateCancellationFeePercent: z.number().int().min(0).max(100),
  noShowFeePercent: z.number().int().min(0).max(100),
  substituteAllowed: z.boolean(),
});
export type CancellationTerms = z.infer<typeof CancellationTerms>;

export const SeminarCreated = eventContract(
  Topics.catalogue,
  'catalogue.seminar.created.v1',
  z.object({
    seminarId: z.uuid(),
    title: z.string().min(1),
    topic: z.string().min(1),
    fee: Money,
    vat: VatTreatment,
    cancellationTerms: CancellationTerms,
  }),
);

export const OfferingScheduled = eventContract(
  Topics.catalogue,
  'catalogue.offering.scheduled.v1',
  z.object({
    offeringId: z.uuid(),
    seminarId: z.uuid(),
    seminarTitle: z.string().min(1),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    venue: z.string().min(1),
    capacity: z.number().int().positive(),
    registrationDeadline: z.iso.date(),
    status: z.enum(['draft', 'published']),
    fee: Money,
    vat: VatTreatment,
    cancellationTerms: CancellationTerms,
  }),
);

export const catalogueEvents = [SeminarCreated, OfferingScheduled] as const;
