import { commonConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';

const perSecond = (fallback: number) => z.coerce.number().positive().default(fallback);
const burst = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const shape = {
  ...commonConfig('gateway', 3000),
  CATALOGUE_URL: z.url().default('http://127.0.0.1:3001'),
  REGISTRATION_URL: z.url().default('http://127.0.0.1:3002'),
  INVOICING_URL: z.url().default('http://127.0.0.1:3003'),
  NOTIFICATION_URL: z.url().default('http://127.0.0.1:3004'),
  /** How often each service's /health/ready is asked: a route of a service that is down answers 503 at once. */
  UPSTREAM_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).default(1000),
  /** The back-office web app, forwarded under /backoffice/ (decisions.md 73). */
  BACKOFFICE_URL: z.url().default('http://127.0.0.1:3006'),
  /** If set, a back-office key with exactly this value exists after start (for the demo and first setup). */
  BOOTSTRAP_BACK_OFFICE_KEY: z.string().min(24).optional(),
  /** How long a POST's idempotency record is kept. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Where clients reach the API: public links (the calendar feed) are built from it, never from the request's Host. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Larger request bodies are refused with 413 before they are read. */
  REQUEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Token buckets: the sustained rate, and how many requests may come at once after a quiet spell. */
  RATE_LIMIT_PARTNER_PER_SECOND: perSecond(50),
  RATE_LIMIT_PARTNER_BURST: burst(200),
  RATE_LIMIT_BACKOFFICE_PER_SECOND: perSecond(200),
  RATE_LIMIT_BACKOFFICE_BURST: burst(500),
  /** Per client address, for requests without a valid key. */
  RATE_LIMIT_ANONYMOUS_PER_SECOND: perSecond(100),
  RATE_LIMIT_ANONYMOUS_BURST: burst(300),
  /**
   * Addresses of proxies whose `X-Forwarded-For` names the client (comma-separated). Empty: the socket's address is
   * the client, and the header is ignored (anyone can send it).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  /** How many keys the gateway remembers (least recently used go first); unknown keys are never kept. */
  API_KEY_CACHE_SIZE: z.coerce.number().int().min(1).default(10_000),
  /**
   * `/metrics` is not public: it is served on this port of its own (on HOST), and on the public port only with
   * METRICS_ON_PUBLIC_PORT=true (e.g. behind a proxy that keeps it from the internet). Neither: not served.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_ON_PUBLIC_PORT: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Safety net only: a revocation reaches every gateway through PostgreSQL NOTIFY within a second. */
  API_KEY_CACHE_TTL_SECONDS: z.coerce.number().positive().default(30),
};

/** The one place environment variables are read. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig('gateway', shape, env);
  return { ...config, PUBLIC_BASE_URL: (config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '') };
}
export type Config = ReturnType<typeof loadConfig>;
