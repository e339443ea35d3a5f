import { z } from 'zod';

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/seminarwerk_invoicing'),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof Config>;

/** The one place environment variables are read. Fails at start-up with every problem named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid invoicing configuration: ${problems}`);
  }
  return parsed.data;
}
