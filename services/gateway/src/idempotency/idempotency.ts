import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { AppError, PROBLEM_CONTENT_TYPE, problemType } from '@seminarwerk/http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { hasRoute, requirePrincipal } from '../auth/middleware.ts';
import type { Db } from '../db.ts';

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

export function idempotencyStore(db: Db, ttlHours: number) {
  return {
    async claim(apiKeyId: string, key: string, requestHash: string): Promise<Claim> {
      const owned = await db.$queryRaw<unknown[]>`
        INSERT INTO idempotency_records (api_key_id, key, request_hash, state, expires_at)
        VALUES (${apiKeyId}::uuid, ${key}, ${requestHash}, 'in-progress', now() + make_interval(hours => ${ttlHours}::int))
        ON CONFLICT (api_key_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'in-progress', response_status = NULL,
              response_body = NULL, response_type = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
          WHERE idempotency_records.expires_at < now()
             OR (idempotency_records.state = 'in-progress' AND idempotency_records.created_at < now() - ${ABANDONED_AFTER}::interval)
        RETURNING key`;
      if (owned.length === 1) return { kind: 'owned' };
      const record = await db.idempotencyRecord.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
      if (!record) return this.claim(apiKeyId, key, requestHash); // expired and removed in between
      if (record.requestHash !== requestHash) return { kind: 'mismatch' };
      if (record.state !== 'completed') return { kind: 'in-progress' };
      return {
        kind: 'replay',
        status: record.responseStatus ?? 200,
        body: new Uint8Array(record.responseBody ?? new Uint8Array()),
        contentType: record.responseType ?? 'application/json',
      };
    },
    /** Keeps the answer's bytes as they are: a replay must be byte-identical, whatever the content type. */
    async complete(apiKeyId: string, key: string, status: number, body: Uint8Array<ArrayBuffer>, contentType: string) {
      await db.idempotencyRecord.update({
        where: { apiKeyId_key: { apiKeyId, key } },
        data: { state: 'completed', responseStatus: status, responseBody: body, responseType: contentType },
      });
    },
    async release(apiKeyId: string, key: string) {
      await db.idempotencyRecord.deleteMany({ where: { apiKeyId, key, state: 'in-progress' } });
    },
    /** Removes expired records; run periodically. */
    purgeExpired: () => db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
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
const forwardedKey = new AsyncLocalStorage<string>();
export const idempotencyKeyToForward = (): string | undefined => forwardedKey.getStore();

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
    await forwardedKey.run(`${principal.keyId}:${key}`, next);
  } finally {
    const status = c.res.status;
    if (retryable(status)) await store.release(principal.keyId, key);
    else if (c.res.headers.get('cache-control')?.includes('no-store')) {
      // A secret shown once (a new API key) is not kept: a retry learns it was created, not its value.
      await store.complete(principal.keyId, key, 409, utf8.encode(JSON.stringify(secretNotKept(c.req.path))), PROBLEM_CONTENT_TYPE);
    } else {
      const body = new Uint8Array(await c.res.clone().arrayBuffer());
      await store.complete(principal.keyId, key, status, body, c.res.headers.get('content-type') ?? 'application/json');
    }
  }
}
