import { z } from '@hono/zod-openapi';
import { Participant } from '../shared.ts';

export const RegistrationInput = z
  .object({
    offeringId: z.uuid(),
    participant: z.object(Participant.shape).openapi('Participant', {
      example: { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' },
    }),
    municipalityId: z.string().min(1).optional().openapi({ description: 'Back office only: the municipality the booking is billed to' }),
  })
  .openapi('RegistrationInput');
export type RegistrationInput = z.infer<typeof RegistrationInput>;

export const RegistrationStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);

export const Registration = z
  .object({
    id: z.uuid(),
    offeringId: z.uuid(),
    status: RegistrationStatus,
    waitlistPosition: z.number().int().positive().optional(),
    participant: Participant,
    municipalityId: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Registration');
export type Registration = z.infer<typeof Registration>;
