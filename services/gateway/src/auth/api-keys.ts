import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { AppError, decodeCursor, encodeCursor, keyActor, type Principal } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import { type Listener, listen } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import { DELEGATE_SCOPE, restrictingScopes, type Scope } from '../edge/route-policy.ts';
import type { ApiKey } from '../generated/prisma/client.ts';
import { keyCache } from './key-cache.ts';
import { type LastUsedRecorder, lastUsedRecorder } from './last-used.ts';

export type Role = 'partner' | 'back-office';

/** Who presented a key: the principal passed to services, and what the key may do at the gateway. */
export interface Caller {
  principal: Principal;
  role: Role;
  /** The scopes that restrict the key; null: the role's full rights. */
  scopes: readonly Scope[] | null;
  /** A back-office key with `staff:delegate`: names the staff member it acts for in `X-Acting-Staff` (acting-staff.ts). */
  delegates: boolean;
}

/**
 * Keys are 192 random bits, so a fast hash is enough: nobody can brute-force the preimage of a
 * random 32-character key, and a fast lookup keeps every request cheap (no bcrypt per request).
 */
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** `sw_live_` and six characters: not secret, shown in lists so people can tell their keys apart. */
const newPrefix = () => `sw_live_${Array.from({ length: 6 }, () => PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)]).join('')}`;

/** `sw_live_ab12cd_` and 192 random bits. Keys of the old form (`sw_` and 192 bits) keep working: lookups go by hash. */
export function newKey(): { key: string; prefix: string } {
  const prefix = newPrefix();
  return { key: `${prefix}_${randomBytes(24).toString('base64url')}`, prefix };
}

/** A rotated key keeps working this long unless the caller chooses otherwise (within the bounds). */
export const DEFAULT_GRACE_SECONDS = 24 * 3600;
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

export interface NewApiKey {
  name: string;
  role: Role;
  municipalityId?: string | null;
  /** Omitted or empty: the role's full rights. */
  scopes?: readonly Scope[] | undefined;
  /** Only for bootstrapping a known back-office key; normally the key is random. */
  key?: string;
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/** A key as the back office sees it: never the key or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  municipalityId: string | null;
  prefix: string | null;
  scopes: Scope[] | null;
  status: ApiKeyStatus;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The key that replaced this one when it was rotated. */
  replacedBy: string | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function viewOf(row: ApiKey, now: number): ApiKeyView {
  const status: ApiKeyStatus = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    municipalityId: row.municipalityId,
    prefix: row.prefix,
    scopes: row.scopes.length > 0 ? (row.scopes as Scope[]) : null,
    status,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    replacedBy: row.replacedById,
  };
}

function callerOf(row: ApiKey): Caller | null {
  const restricting = restrictingScopes(row.scopes as Scope[]);
  const scopes = restricting.length > 0 ? restricting : null;
  if (row.role === 'partner' && row.municipalityId) {
    return {
      role: 'partner',
      scopes,
      delegates: false,
      principal: { kind: 'municipality', municipalityId: row.municipalityId, keyId: row.id },
    };
  }
  if (row.role === 'back-office') {
    const delegates = row.scopes.includes(DELEGATE_SCOPE);
    return { role: 'back-office', scopes, delegates, principal: { kind: 'back-office', actor: keyActor(row.id), keyId: row.id } };
  }
  return null;
}

const notFound = () => new AppError(404, 'api-key-not-found', 'There is no API key with this id');

/** The channel the migrations' trigger announces every change of a key's rights on. */
export const KEY_CHANGES_CHANNEL = 'api_keys_changed';

export interface ApiKeysOptions {
  cacheSize?: number;
  cacheTtlMs?: number;
  now?: () => number;
}

export function apiKeys(db: Db, options: ApiKeysOptions = {}) {
  const now = options.now ?? Date.now;
  const cache = keyCache<Caller>({ maxEntries: options.cacheSize ?? 10_000, ttlMs: options.cacheTtlMs ?? 30_000, now });
  /** Concurrent lookups of one key share one query (a rush of a partner's first requests). */
  const lookups = new Map<string, Promise<Caller | null>>();
  const lastUsed: LastUsedRecorder = lastUsedRecorder(db, now);

  async function lookup(hash: string): Promise<Caller | null> {
    const generation = cache.generation();
    const row = await db.apiKey.findUnique({ where: { keyHash: hash } });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now())) return null;
    const caller = callerOf(row);
    // Unknown, revoked and expired keys are never kept: the cache holds only keys that work.
    if (caller) cache.set(hash, caller, generation, row.expiresAt?.getTime());
    return caller;
  }

  /** The caller for a key this gateway remembers, without a query; undefined when it must be looked up. */
  function remembered(hash: string): Caller | undefined {
    const caller = cache.get(hash);
    if (caller) lastUsed.note(caller.principal.keyId);
    return caller;
  }

  /** The caller for a presented key (hashed), or null when it is unknown, revoked or expired. */
  async function lookUp(hash: string): Promise<Caller | null> {
    const known = remembered(hash);
    if (known) return known;
    let pending = lookups.get(hash);
    if (!pending) {
      pending = lookup(hash).finally(() => lookups.delete(hash));
      lookups.set(hash, pending);
    }
    const caller = await pending;
    if (caller) lastUsed.note(caller.principal.keyId);
    return caller;
  }

  return {
    cache,
    lastUsed,
    remembered,
    lookUp,

    async create({ name, role, municipalityId = null, scopes = [], key }: NewApiKey) {
      const made = key ? { key, prefix: null } : newKey();
      const row = await db.apiKey.upsert({
        where: { keyHash: hashKey(made.key) },
        create: { id: randomUUID(), name, keyHash: hashKey(made.key), role, municipalityId, prefix: made.prefix, scopes: [...scopes] },
        update: {},
      });
      return { ...viewOf(row, now()), key: made.key };
    },

    async list(query: { municipalityId?: string | undefined; limit?: number | undefined; cursor?: string | undefined }) {
      const limit = query.limit ?? 50;
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await db.apiKey.findMany({
        where: {
          ...(query.municipalityId ? { municipalityId: query.municipalityId } : {}),
          ...(after ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => viewOf(row, now())),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
      };
    },

    /**
     * A new key with the old one's name, role, municipality and scopes; the old one works until `graceSeconds` from
     * now (0: at once) and then is refused like a revoked key.
     */
    async rotate(id: string, graceSeconds: number) {
      const rotated = await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM api_keys WHERE id = ${id}::uuid FOR UPDATE`;
        const old = await tx.apiKey.findUnique({ where: { id } });
        if (!old) throw notFound();
        if (old.revokedAt) throw new AppError(409, 'api-key-revoked', 'A revoked key cannot be rotated; create a new one');
        if (old.replacedById) {
          throw new AppError(409, 'api-key-rotated', `This key was rotated already; rotate its successor ${old.replacedById}`);
        }
        if (old.expiresAt && old.expiresAt.getTime() <= now()) throw new AppError(409, 'api-key-expired', 'This key has expired');
        const made = newKey();
        const fresh = await tx.apiKey.create({
          data: {
            id: randomUUID(),
            name: old.name,
            keyHash: hashKey(made.key),
            role: old.role,
            municipalityId: old.municipalityId,
            prefix: made.prefix,
            scopes: old.scopes,
          },
        });
        const graceEnds = new Date(now() + graceSeconds * 1000);
        const expiresAt = old.expiresAt && old.expiresAt < graceEnds ? old.expiresAt : graceEnds;
        const previous = await tx.apiKey.update({ where: { id }, data: { expiresAt, replacedById: fresh.id } });
        return { ...viewOf(fresh, now()), key: made.key, previousKey: viewOf(previous, now()) };
      });
      // This gateway forgets at once; the others when the trigger's NOTIFY reaches them.
      cache.clear();
      return rotated;
    },

    /** Effective on every gateway within a second (the trigger's NOTIFY); revoking twice changes nothing. */
    async revoke(id: string): Promise<ApiKeyView> {
      await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(now()) } });
      cache.clear();
      const row = await db.apiKey.findUnique({ where: { id } });
      if (!row) throw notFound();
      return viewOf(row, now());
    },

    /** The principal for a presented key, or null. */
    async authenticate(key: string): Promise<Principal | null> {
      return (await lookUp(hashKey(key)))?.principal ?? null;
    },

    /**
     * Forgets every remembered key whenever any key's rights change (and after the listening connection (re)connects,
     * since it may have missed a change). Rights change rarely; a cleared cache costs one query per key in use.
     */
    listenForChanges(databaseUrl: string, logger: Logger): Promise<Listener> {
      return listen(databaseUrl, KEY_CHANGES_CHANNEL, logger, () => cache.clear());
    },
  };
}
export type ApiKeys = ReturnType<typeof apiKeys>;
