import { z } from 'zod';

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Settings every service shares; each service adds its own (see its src/config.ts). */
export const commonConfig = (service: string, defaultPort: number) => ({
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default(`postgresql://postgres@127.0.0.1:5432/seminarwerk_${service}`),
  LOG_LEVEL: LogLevel,
  /** How long a SIGTERM may take: requests, the consumer batch and the senders' items in flight finish within it. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * The gateway signs the caller's identity with it, and every service checks that signature (decisions.md 11).
   * Optional here so that parsing a partial environment (a test reading one setting) works; nothing starts without it
   * (`signingSecretOf`). No default: a secret everybody knows would let anyone who reaches a service act as anyone.
   */
  PRINCIPAL_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
});

/** PRINCIPAL_SIGNING_SECRET, or a start-up failure that says what to set. */
export function signingSecretOf(service: string, config: { PRINCIPAL_SIGNING_SECRET?: string | undefined }): string {
  const secret = config.PRINCIPAL_SIGNING_SECRET;
  if (!secret) {
    throw new Error(
      `Invalid ${service} configuration: PRINCIPAL_SIGNING_SECRET is required (at least 32 characters, the same for the gateway and every service)`,
    );
  }
  return secret;
}

export const kafkaConfig = {
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  /** Prefix of every topic and consumer group, so several systems (e.g. test runs) can share one broker. */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(''),
  /**
   * How long the consumer group waits for a member that stopped heartbeating (a killed instance) before handing its
   * partitions on; a restarted instance's consumer waits that long to join. The broker allows 6 s to 300 s by default.
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().positive().default(3000),
  /** `retention.ms` of every topic and dead-letter topic the service creates or finds, in days (docs/privacy.md). */
  KAFKA_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(14),
  /** How long a published outbox row is kept (for a redelivery's sake), in days (docs/privacy.md). */
  OUTBOX_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(7),
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
