import { z } from 'zod';

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/seminarwerk_gateway'),
  CATALOGUE_URL: z.url().default('http://127.0.0.1:3001'),
  REGISTRATION_URL: z.url().default('http://127.0.0.1:3002'),
  INVOICING_URL: z.url().default('http://127.0.0.1:3003'),
  NOTIFICATION_URL: z.url().default('http://127.0.0.1:3004'),
  /** If set, a back-office key with exactly this value exists after start (for the demo and first setup). */
  BOOTSTRAP_BACK_OFFICE_KEY: z.string().min(24).optional(),
  /** How long a POST's idempotency record is kept. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof Config>;

/** The one place environment variables are read. Fails at start-up with every problem named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid gateway configuration: ${problems}`);
  }
  return parsed.data;
}
