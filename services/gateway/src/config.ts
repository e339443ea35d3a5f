import { commonConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';

const shape = {
  ...commonConfig('gateway', 3000),
  CATALOGUE_URL: z.url().default('http://127.0.0.1:3001'),
  REGISTRATION_URL: z.url().default('http://127.0.0.1:3002'),
  INVOICING_URL: z.url().default('http://127.0.0.1:3003'),
  NOTIFICATION_URL: z.url().default('http://127.0.0.1:3004'),
  /** If set, a back-office key with exactly this value exists after start (for the demo and first setup). */
  BOOTSTRAP_BACK_OFFICE_KEY: z.string().min(24).optional(),
  /** How long a POST's idempotency record is kept. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
};

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('gateway', shape, env);
export type Config = ReturnType<typeof loadConfig>;
