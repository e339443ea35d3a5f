import { z } from '@hono/zod-openapi';
import { Email, Id, Text } from '../shared.ts';

/** The services that hold personal data, each answering for its part of an access export. */
export const SUBJECT_DATA_SERVICES = ['registration', 'notification', 'invoicing'] as const;
export type SubjectDataService = (typeof SUBJECT_DATA_SERVICES)[number];

/** At most this many registration ids per internal subject read: they travel in the query string. */
export const MAX_SUBJECT_REGISTRATIONS = 300;

export const AccessRequestInput = z
  .object({
    email: Email.openapi({ description: 'The person’s e-mail address, matched in any case', example: 'anna.meyer@oldenburg.example' }),
  })
  .openapi('AccessRequestInput');
export type AccessRequestInput = z.infer<typeof AccessRequestInput>;

const Progress = z.enum(['pending', 'completed']);

export const AccessRequestAccepted = z
  .object({ id: Id, status: Progress })
  .openapi('AccessRequestAccepted', { description: 'The request, collected in the background' });

export const AccessRequest = z
  .object({
    id: Id,
    status: Progress.openapi({ description: '`completed` once every service has answered and the export is stored' }),
    services: z
      .record(z.enum(SUBJECT_DATA_SERVICES), Progress)
      .openapi({ description: 'Each data-holding service and whether its part is collected' }),
    requestedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().optional(),
  })
  .openapi('AccessRequest');
export type AccessRequest = z.infer<typeof AccessRequest>;

/** What one service holds about the person, as it answered (its own shape; see docs/privacy.md). */
const ServicePart = z.record(z.string(), z.unknown());

export const AccessExport = z
  .object({
    subject: z.object({ email: z.string() }),
    requestedAt: z.iso.datetime(),
    generatedAt: z.iso.datetime(),
    coverPage: z
      .object({ language: z.literal('de'), text: z.string() })
      .openapi({ description: 'The information of Art. 15(1)(a–h) DSGVO, in German, to send with the data' }),
    services: z.object({
      registration: ServicePart.openapi({ description: '`registrations` (read model rows) and `events` (of the offering streams)' }),
      notification: ServicePart.openapi({ description: '`deliveries` (with bodies while kept) and `publicEvents` (webhook payloads)' }),
      invoicing: ServicePart.openapi({ description: '`positions`, `events` and `invoices` (only the lines about this person)' }),
      catalogue: z.object({ note: z.string() }),
    }),
  })
  .openapi('AccessExport');
export type AccessExport = z.infer<typeof AccessExport>;

/** The internal read each data-holding service serves the gateway: `GET /privacy/subject?email=…&registrationIds=…`. */
export const SubjectQuery = z.object({
  email: Email,
  registrationIds: Text.max(MAX_SUBJECT_REGISTRATIONS * 37)
    .optional()
    .transform((ids) => (ids ? ids.split(',') : []))
    .pipe(z.array(Id).max(MAX_SUBJECT_REGISTRATIONS)),
});
export type SubjectQuery = z.infer<typeof SubjectQuery>;

/** How an access export names another person (Art. 15(4) DSGVO: the copy must not affect the rights of others). */
export const ANOTHER_PERSON = 'eine andere Person';

/**
 * `data` with each of the `people` fields that names someone else than `email` (any case) replaced by ANOTHER_PERSON:
 * an event about a substitution names both the person replaced and the substitute.
 */
export function withoutOthers(data: Record<string, unknown>, email: string, people: readonly string[]): Record<string, unknown> {
  const subject = email.toLowerCase();
  const named = (value: unknown) => String((value as { email?: unknown } | null)?.email ?? '').toLowerCase();
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, people.includes(key) && named(value) !== subject ? ANOTHER_PERSON : value]),
  );
}
