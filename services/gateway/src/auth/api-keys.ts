import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@seminarwerk/http';
import type { Db } from '../db.ts';

export type Role = 'partner' | 'back-office';

/**
 * Keys are 192 random bits, so a fast hash is enough: nobody can brute-force the preimage of a
 * random 32-character key, and a fast lookup keeps every request cheap (no bcrypt per request).
 */
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export const newKey = () => `sw_${randomBytes(24).toString('base64url')}`;

export interface NewApiKey {
  name: string;
  role: Role;
  municipalityId?: string | null;
  /** Only for bootstrapping a known back-office key; normally the key is random. */
  key?: string;
}

export function apiKeys(db: Db) {
  const cache = new Map<string, { principal: Principal | null; until: number }>();
  const CACHE_MS = 10_000;

  return {
    async create({ name, role, municipalityId = null, key = newKey() }: NewApiKey) {
      const id = randomUUID();
      await db.apiKey.upsert({
        where: { keyHash: hashKey(key) },
        create: { id, name, keyHash: hashKey(key), role, municipalityId },
        update: {},
      });
      return { id, key, name, role, municipalityId };
    },

    /** The principal for a presented key, or null. Revocation takes effect within CACHE_MS. */
    async authenticate(key: string): Promise<Principal | null> {
      const hash = hashKey(key);
      const cached = cache.get(hash);
      if (cached && cached.until > Date.now()) return cached.principal;
      const row = await db.apiKey.findUnique({ where: { keyHash: hash } });
      let principal: Principal | null = null;
      if (row && !row.revokedAt) {
        principal =
          row.role === 'partner' && row.municipalityId
            ? { kind: 'municipality', municipalityId: row.municipalityId, keyId: row.id }
            : row.role === 'back-office'
              ? { kind: 'back-office', actor: `key:${row.id}`, keyId: row.id }
              : null;
      }
      cache.set(hash, { principal, until: Date.now() + CACHE_MS });
      return principal;
    },
  };
}
export type ApiKeys = ReturnType<typeof apiKeys>;
