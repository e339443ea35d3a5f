import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';
import { DEVELOPMENT_SECRET_KEY } from './app/secret-box.ts';
import { parseMailbox } from './mail/mailbox.ts';

const hours = (fallback: number) => z.coerce.number().positive().default(fallback);
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const shape = {
  ...commonConfig('notification', 3004),
  ...kafkaConfig,
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:1025'),
  /** The sender of every message, and the ORGANIZER of calendar invitations. */
  MAIL_FROM: z
    .string()
    .refine((v) => parseMailbox(v) !== undefined, 'must be an address, optionally with a name: Name <address>')
    .default('Studieninstitut (Demo) <seminare@studieninstitut.example>'),
  /**
   * Hosts (names or IP addresses, comma-separated) webhooks may reach although they are plain http or private,
   * loopback or link-local addresses; e.g. `127.0.0.1` for tests and `npm start`. Empty: https to public addresses only.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h.length > 0),
    ),
  /** 32 bytes, base64: encrypts the webhook signing secrets at rest. Set it in every real deployment. */
  WEBHOOK_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .default(DEVELOPMENT_SECRET_KEY),
  /** After a rotation, the old secret signs too for this long. */
  WEBHOOK_SECRET_GRACE_HOURS: hours(24),
  /** First retry after this long, doubling (with jitter) up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_INITIAL_MS: ms(5_000),
  WEBHOOK_RETRY_MAX_MS: ms(3_600_000),
  /** A delivery is given up this long after its first attempt. */
  WEBHOOK_RETRY_FOR_HOURS: hours(72),
  /** A subscription that failed for this long without a success is disabled. */
  WEBHOOK_DISABLE_AFTER_HOURS: hours(120),
  WEBHOOK_TIMEOUT_MS: ms(10_000),
  /** How many deliveries are sent at the same time. */
  WEBHOOK_SENDER_LANES: z.coerce.number().int().min(1).max(64).default(4),
  /** The event feed keeps events at least this long (the API promises 90 days). */
  EVENT_FEED_RETENTION_DAYS: z.coerce.number().int().min(90).default(90),
  /** How long the delivery log keeps a sent message's bodies, attachments and the recipient's name (docs/privacy.md). */
  MAIL_BODY_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
};

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('notification', shape, env);
export type Config = ReturnType<typeof loadConfig>;
