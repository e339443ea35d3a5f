import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EventCodec, NewEvent, Sql, StoredEvent } from '@seminarwerk/postgres';
import type { ErasedPerson, Person } from '../domain/booking.ts';

/**
 * Crypto-shredding of the offering streams (decisions.md 120): wherever an event names a person (`participant`, and
 * `previous` of a substitution), the stream stores `{ keyId, sealed }`, the person's name and address encrypted with
 * AES-256-GCM under a key of their own for that registration (`participant_keys`). Erasure deletes the key; a sealed
 * person whose key is gone reads as `{ erased: true }`, so folds, projections and rebuilds go on working.
 */
export const PERSON_FIELDS = ['participant', 'previous'] as const;

export interface Sealed {
  keyId: string;
  /** base64 of IV (12 bytes), auth tag (16 bytes) and the encrypted JSON of the person */
  sealed: string;
}

const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Sealed).keyId === 'string' &&
  typeof (value as Sealed).sealed === 'string';
const isPerson = (value: unknown): value is Person =>
  typeof value === 'object' && value !== null && typeof (value as Person).email === 'string';

/** How a person's keys are found for an erasure by address: the digest goes with the key. */
export const emailDigest = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export function seal(person: Person, keyId: string, key: Buffer): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const { firstName, lastName, email } = person;
  const body = Buffer.concat([cipher.update(JSON.stringify({ firstName, lastName, email }), 'utf8'), cipher.final()]);
  return { keyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
}

export function unseal({ keyId, sealed }: Sealed, key: Buffer): Person {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Person;
}

const ERASED: ErasedPerson = { erased: true };

export interface NewKey {
  id: string;
  registration_id: string;
  email_digest: string;
  key: string;
}

/** Seals the people of `data` with a new key each (recorded in `keys`); everything else is kept as it is. */
export function sealData(data: unknown, keys: NewKey[]): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const record = data as Record<string, unknown>;
  const registrationId = record.registrationId;
  let sealedData: Record<string, unknown> | undefined;
  for (const field of PERSON_FIELDS) {
    const person = record[field];
    if (!isPerson(person) || typeof registrationId !== 'string') continue;
    const key = randomBytes(32);
    const keyId = randomUUID();
    keys.push({ id: keyId, registration_id: registrationId, email_digest: emailDigest(person.email), key: key.toString('base64') });
    sealedData = { ...(sealedData ?? record), [field]: seal(person, keyId, key) };
  }
  return sealedData ?? data;
}

/** Writes new keys in one statement (a rush seals up to a hundred people per transaction). */
export async function insertKeys(sql: Sql, keys: readonly NewKey[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.query(
    `INSERT INTO participant_keys (id, registration_id, email_digest, key)
     SELECT k.id, k.registration_id, k.email_digest, k.key
       FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, registration_id uuid, email_digest text, key text)`,
    [JSON.stringify(keys)],
  );
}

/** The keys of `keyIds` that still exist. */
export async function keysOf(sql: Sql, keyIds: readonly string[]): Promise<Map<string, Buffer>> {
  if (keyIds.length === 0) return new Map();
  const rows = await sql.query<{ id: string; key: string }>('SELECT id::text, key FROM participant_keys WHERE id = ANY($1::uuid[])', [
    [...new Set(keyIds)],
  ]);
  return new Map(rows.map((row) => [row.id, Buffer.from(row.key, 'base64')]));
}

/** The key ids an event's data was sealed with. */
export function keyIdsIn(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  return PERSON_FIELDS.flatMap((field) => {
    const value = record[field];
    return isSealed(value) ? [value.keyId] : [];
  });
}

/** `data` with its people opened: a person whose key is gone is `{ erased: true }`; clear (unmigrated) data stays. */
export function openData(data: unknown, keys: ReadonlyMap<string, Buffer>): unknown {
  if (keyIdsIn(data).length === 0) return data;
  const opened: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of PERSON_FIELDS) {
    const value = opened[field];
    if (!isSealed(value)) continue;
    const key = keys.get(value.keyId);
    opened[field] = key ? unseal(value, key) : ERASED;
  }
  return opened;
}

export async function openEvents<E extends { data: unknown }>(sql: Sql, events: readonly E[]): Promise<E[]> {
  const keys = await keysOf(
    sql,
    events.flatMap((event) => keyIdsIn(event.data)),
  );
  return events.map((event) => ({ ...event, data: openData(event.data, keys) }));
}

/** The offering streams' codec for the command handler. */
export const participantSealing: EventCodec = {
  async seal(sql: Sql, events: readonly NewEvent[]): Promise<NewEvent[]> {
    const keys: NewKey[] = [];
    const sealed = events.map((event) => ({ ...event, data: sealData(event.data, keys) }));
    await insertKeys(sql, keys);
    return sealed;
  },
  open: (sql: Sql, events: readonly StoredEvent[]) => openEvents(sql, events),
};
