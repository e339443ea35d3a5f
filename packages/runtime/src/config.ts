import { z } from 'zod';

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Settings every service shares; each service adds its own (see its src/config.ts). */
export const commonConfig = (service: string, defaultPort: number) => ({
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default(`postgresql://postgres@127.0.0.1:5432/seminarwerk_${service}`),
  LOG_LEVEL: LogLevel,
});

export const kafkaConfig = {
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  /** Prefix of every topic and consumer group, so several systems (e.g. test runs) can share one broker. */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(''),
};

/** Parses the environment once at start-up; fails with every problem named, never with a stack of zod internals. */
export function parseConfig<S extends z.ZodRawShape>(service: string, shape: S, env: Record<string, string | undefined>) {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${service} configuration: ${problems}`);
  }
  return parsed.data;
}
