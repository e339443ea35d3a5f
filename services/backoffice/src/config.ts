import { commonConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';
import { Role } from './staff/roles.ts';

const minutes = (fallback: number) => z.coerce.number().positive().default(fallback);

/** `[{ "username", "password", "role", "displayName"? }]`: staff accounts that exist, with this password, after start. */
const BootstrapStaff = z.array(
  z.object({
    username: z.string().regex(/^[a-z0-9._-]{2,60}$/),
    password: z.string().min(12),
    role: Role,
    displayName: z.string().min(1).max(200).optional(),
  }),
);

const shape = {
  // PRINCIPAL_SIGNING_SECRET of commonConfig is not used: the app calls the gateway with a key, like any client.
  ...commonConfig('backoffice', 3006),
  /** The gateway: the app reads and changes everything through its public API. */
  GATEWAY_URL: z.url().default('http://127.0.0.1:3000'),
  /** A back-office API key of the app (scope staff:delegate), made with POST /v1/api-keys. */
  BACKOFFICE_API_KEY: z.string().min(24),
  /** Where browsers reach the app (through the gateway); https turns on the Secure cookie attribute. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  /** A session unused this long is over. */
  SESSION_IDLE_MINUTES: minutes(30),
  /** A session is over this long after sign-in, however busy. */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(10),
  /** After this many failed sign-ins in a row the account is locked for SIGN_IN_LOCK_MINUTES. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_LOCK_MINUTES: minutes(15),
  /** JSON (see BootstrapStaff): for the demo and first setup. Their passwords are set on every start. */
  BOOTSTRAP_STAFF: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [];
      try {
        const parsed = BootstrapStaff.safeParse(JSON.parse(v));
        if (parsed.success) return parsed.data;
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { username, password (12+ characters), role }' });
      return z.NEVER;
    }),
};

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('backoffice', shape, env);
export type Config = ReturnType<typeof loadConfig>;
