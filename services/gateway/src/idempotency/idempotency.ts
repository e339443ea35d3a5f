import { createHash } from 'node:crypto';
import { AppError, PROBLEM_CONTENT_TYPE, problemType } from '@seminarwerk/http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type pg from 'pg';
import { hasRoute, requirePrincipal } from '../auth/middleware.ts';
import { bytesOf } from '../caching.ts';

/** A request that died mid-way (gateway crash) no longer blocks its key after this long. */
const ABANDONED_AFTER = '2 minutes';
const secretNotKept = (path: string) => ({
  type: problemType('secret-not-kept'),
  title: 'Conflict',
  status: 409,
  detail: 'This request already succeeded; its secret was shown once and is not stored. Create a new one if it was lost.',
  instance: path,
});

const utf8 = new TextEncoder();

/**
 * Answers that say "try again" are not remembered, so a retry with the same key can succeed: among them a service's
 * 503 `offering-busy` (nothing was decided; its `Retry-After` is passed on, forwarding.ts).
 */
const retryable = (status: number) => status >= 500 || status === 409 || status === 429;

type Claim =
  | { kind: 'owned' }
  | { kind: 'replay'; status: number; body: Uint8Array<ArrayBuffer>; contentType: string }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/**
 * One statement, one round trip: claims the key (a new one, an expired record, or one abandoned in progress), or else
 * reads the record that holds it. Named, so each connection prepares it once.
 */
const CLAIM = {
  name: 'idempotency-claim',
  text: `
    WITH claimed AS (
      INSERT INTO idempotency_records (api_key_id, key, request_hash, state, expires_at)
      VALUES ($1, $2, $3, 'in-progress', now() + make_interval(hours => $4::int))
      ON CONFLICT (api_key_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, state = 'in-progress', response_status = NULL,
            response_body = NULL, response_type = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_records.expires_at < now()
           OR (idempotency_records.state = 'in-progress' AND idempotency_records.created_at < now() - interval '${ABANDONED_AFTER}')
      RETURNING 1
    )
    SELECT true AS owned, NULL AS request_hash, NULL AS state, NULL::int AS response_status, NULL::bytea AS response_body,
           NULL AS response_type
      FROM claimed
    UNION ALL
    SELECT false, request_hash, state, response_status, response_body, response_type
      FROM idempotency_records
     WHERE api_key_id = $1 AND key = $2 AND NOT EXISTS (SELECT FROM claimed)`,
};
interface ClaimRow {
  owned: boolean;
  request_hash: string | null;
  state: string | null;
  response_status: number | null;
  response_body: Buffer | null;
  response_type: string | null;
}
const COMPLETE = {
  name: 'idempotency-complete',
  text: `UPDATE idempotency_records SET state = 'completed', response_status = $3, response_body = $4, response_type = $5
          WHERE api_key_id = $1 AND key = $2`,
};
const RELEASE = {
  name: 'idempotency-release',
  text: `DELETE FROM idempotency_records WHERE api_key_id = $1 AND key = $2 AND state = 'in-progress'`,
};

/** The records in the gateway's database (`db.pool`), in plain SQL: this runs twice for every POST. */
export function idempotencyStore(pool: pg.Pool, ttlHours: number) {
  return {
    async claim(apiKeyId: string, key: string, requestHash: string): Promise<Claim> {
      for (;;) {
        const { rows } = await pool.query<ClaimRow>({ ...CLAIM, values: [apiKeyId, key, requestHash, ttlHours] });
        const record = rows[0];
        // None: the record that refused our claim was committed after this statement's snapshot was taken (or it
        // expired and was removed in between). Asking again sees it, or claims the key.
        if (!record) continue;
        if (record.owned) return { kind: 'owned' };
        if (record.request_hash !== requestHash) return { kind: 'mismatch' };
        if (record.state !== 'completed') return { kind: 'in-progress' };
        return {
          kind: 'replay',
          status: record.response_status ?? 200,
          body: new Uint8Array(record.response_body ?? new Uint8Array()),
          contentType: record.response_type ?? 'application/json',
        };
      }
    },
    /** Keeps the answer's bytes as they are: a replay must be byte-identical, whatever the content type. */
    async complete(apiKeyId: string, key: string, status: number, body: Uint8Array<ArrayBuffer>, contentType: string) {
      await pool.query({ ...COMPLETE, values: [apiKeyId, key, status, body, contentType] });
    },
    async release(apiKeyId: string, key: string) {
      await pool.query({ ...RELEASE, values: [apiKeyId, key] });
    },
    /** Removes expired records; run periodically. */
    purgeExpired: async () => (await pool.query('DELETE FROM idempotency_records WHERE expires_at < now()')).rowCount ?? 0,
  };
}
export type IdempotencyStore = ReturnType<typeof idempotencyStore>;

/**
 * Every POST carries an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): the same key
 * with the same body replays the first answer; with another body it is a 422; while the first
 * request still runs, a 409. Keys are scoped to the API key that sent them.
 */
export function idempotency(store: IdempotencyStore): MiddlewareHandler {
  // Other methods pass on without an async step of their own (every public read comes through here). So does a POST
  // to no route: it is answered 404 `route-not-found`, whoever sends it, and claims no key.
  return (c, next) => (c.req.method === 'POST' && hasRoute(c) ? runOnce(store, c, next) : next());
}

/** The Idempotency-Key of the POST being answered, scoped to its API key: passed on to the service (proxy.ts). */
const FORWARDED_KEY = 'idempotencyKeyToForward';
export const idempotencyKeyToForward = (c: Context): string | undefined => c.get(FORWARDED_KEY as never);

async function runOnce(store: IdempotencyStore, c: Context, next: Next): Promise<Response | undefined> {
  const principal = requirePrincipal(c);
  const key = c.req.header('idempotency-key');
  if (!key || key.length > 255) {
    throw new AppError(400, 'idempotency-key-required', 'Every POST needs an Idempotency-Key header (1 to 255 characters), e.g. a UUID');
  }
  const body = await c.req.text();
  const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');
  const claim = await store.claim(principal.keyId, key, requestHash);
  if (claim.kind === 'mismatch') {
    throw new AppError(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for a different request');
  }
  if (claim.kind === 'in-progress') {
    throw new AppError(409, 'idempotency-key-in-use', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
  if (claim.kind === 'replay') {
    return c.body(claim.body, claim.status as 200, { 'content-type': claim.contentType, 'idempotent-replayed': 'true' });
  }
  try {
    // The service remembers what it decided under this key in the decision's own transaction, so a retry after the
    // gateway died before answering (its record then holds no answer) finds the decision instead of deciding again.
    c.set(FORWARDED_KEY as never, `${principal.keyId}:${key}` as never);
    await next();
  } finally {
    const status = c.res.status;
    if (retryable(status)) await store.release(principal.keyId, key);
    else if (c.res.headers.get('cache-control')?.includes('no-store')) {
      // A secret shown once (a new API key) is not kept: a retry learns it was created, not its value.
      await store.complete(principal.keyId, key, 409, utf8.encode(JSON.stringify(secretNotKept(c.req.path))), PROBLEM_CONTENT_TYPE);
    } else {
      // A relayed answer's bytes are in hand (forwarding.ts); reading them back would build a web Response and a stream.
      const body = bytesOf(c.res) ?? new Uint8Array(await c.res.clone().arrayBuffer());
      await store.complete(principal.keyId, key, status, body, c.res.headers.get('content-type') ?? 'application/json');
    }
  }
}
