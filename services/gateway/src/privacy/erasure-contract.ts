import { z } from '@hono/zod-openapi';
import { Email, Id } from '@seminarwerk/contracts';
import { MAX_SUBJECT_REGISTRATIONS } from '@seminarwerk/contracts/api';

/**
 * Erasure requests (DSGVO Art. 17): the public shapes of `/v1/privacy/erasures`, and what the gateway and the services
 * say to each other about one erasure (docs/privacy.md, decisions.md 131). Kept in the gateway, the only side that
 * speaks both.
 */

/** The services that hold or held a person's data; each confirms its part. */
export const ERASURE_SERVICES = ['registration', 'notification', 'invoicing', 'catalogue', 'gateway'] as const;
export type ErasureService = (typeof ERASURE_SERVICES)[number];

/** The services asked whether their copies of the registrations' person are blank (after registration's erased events). */
export const CONFIRMING_SERVICES = ['notification', 'invoicing'] as const;
export type ConfirmingService = (typeof CONFIRMING_SERVICES)[number];

/** Ids per confirmation query: they travel in its query string (as the access export's). */
export const IDS_PER_CONFIRMATION = MAX_SUBJECT_REGISTRATIONS;

const Progress = z.enum(['pending', 'completed']);
const ErasureStatus = z.enum(['pending', 'completed', 'failed']).openapi({
  description:
    '`completed` once every service has confirmed; `failed` when there was nothing to erase by what was asked (`failure` says why)',
});

export const ErasureInput = z
  .union([
    z.object({ email: Email.openapi({ description: 'The person’s e-mail address, matched in any case' }) }).strict(),
    z.object({ registrationId: Id.openapi({ description: 'One registration of the person: the person booked on it is erased' }) }).strict(),
  ])
  .openapi('ErasureInput', { description: 'Exactly one of `email` and `registrationId`' });
export type ErasureInput = z.infer<typeof ErasureInput>;

export const ErasureAccepted = z
  .object({ id: Id, status: z.literal('pending') })
  .openapi('ErasureAccepted', { description: 'The erasure, carried out in the background' });

export const Erasure = z
  .object({
    id: Id,
    status: ErasureStatus,
    services: z
      .record(z.enum(ERASURE_SERVICES), Progress)
      .openapi({ description: 'Each service and whether it has confirmed that its copies of the person are gone' }),
    registrations: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'How many registrations the person’s data was erased from; once registration has answered' }),
    failure: z
      .object({ type: z.string(), title: z.string(), detail: z.string() })
      .optional()
      .openapi({ description: 'Why a `failed` erasure found nothing to erase, as a problem (RFC 9457 type and title)' }),
    requestedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().optional(),
  })
  .openapi('Erasure');
export type Erasure = z.infer<typeof Erasure>;

/** Registration's answer to `POST /privacy/erasures` (and, without `emails`, to its reapply). */
export const RegistrationErasure = z.object({
  registrationIds: z.array(z.uuid()),
  keyIds: z.array(z.string()).default([]),
  /** The erased person's addresses, for the gateway to remove its own copies: used once, never stored or logged. */
  emails: z.array(z.string()).default([]),
});
export type RegistrationErasure = z.infer<typeof RegistrationErasure>;

/** Notification's and invoicing's answer to `GET /privacy/erasures/{erasureId}?registrationIds=`. */
export const ErasureConfirmation = z.object({ completed: z.boolean() });

/** One line of the exported ledger (ids only), and what `--ledger` reads back. */
export const LedgerEntry = z.object({
  erasureId: z.uuid(),
  registrationIds: z.array(z.uuid()),
  keyIds: z.array(z.string()),
  requestedBy: z.string(),
  requestedByKey: z.uuid(),
  requestedAt: z.iso.datetime(),
  completedAt: z.iso.datetime(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
