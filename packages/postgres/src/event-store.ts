import { randomUUID } from 'node:crypto';
import type { Sql } from './sql.ts';

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  [key: string]: unknown;
}

export interface NewEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  metadata?: EventMetadata;
}

export interface StoredEvent<T extends string = string, D = unknown> {
  id: string;
  streamId: string;
  version: number;
  type: T;
  data: D;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** Someone else appended to the stream since it was read; decide again on fresh state. */
export class StreamVersionConflict extends Error {
  readonly code = 'stream-version-conflict';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
  }
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const toStored = (row: EventRow): StoredEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  version: Number(row.stream_version),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: new Date(row.recorded_at),
});

export async function readStream(sql: Sql, streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
  const rows = await sql.query<EventRow>(
    `SELECT event_id::text, stream_id, stream_version, type, data, metadata, recorded_at
       FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
    [streamId, afterVersion],
  );
  return rows.map(toStored);
}

export async function streamVersion(sql: Sql, streamId: string): Promise<number> {
  const [row] = await sql.query<{ version: number | null }>('SELECT max(stream_version) AS version FROM events WHERE stream_id = $1', [
    streamId,
  ]);
  return Number(row?.version ?? 0);
}

/**
 * Serialises writers of one stream until the transaction ends. Under a rush this queues requests
 * instead of failing most of them on version conflicts.
 */
export async function lockStream(sql: Sql, streamId: string): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text', [streamId]);
}

/**
 * Appends events at expectedVersion + 1, +2, ... A concurrent append of the same version waits for
 * the other transaction and then inserts nothing (ON CONFLICT), which we report as a conflict.
 */
export async function appendToStream(
  sql: Sql,
  streamId: string,
  expectedVersion: number,
  events: readonly NewEvent[],
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const actual = await streamVersion(sql, streamId);
  if (actual !== expectedVersion) throw new StreamVersionConflict(streamId, expectedVersion, actual);
  const ids = events.map(() => randomUUID());
  const rows = await sql.query<EventRow>(
    `INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata)
     SELECT e.id::uuid, $1, $2::int + e.ord::int, e.type, e.data, e.metadata
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, ord int, type text, data jsonb, metadata jsonb)
     ON CONFLICT (stream_id, stream_version) DO NOTHING
     RETURNING event_id::text, stream_id, stream_version, type, data, metadata, recorded_at`,
    [
      streamId,
      expectedVersion,
      JSON.stringify(events.map((e, i) => ({ id: ids[i], ord: i + 1, type: e.type, data: e.data, metadata: e.metadata ?? {} }))),
    ],
  );
  if (rows.length !== events.length) {
    throw new StreamVersionConflict(streamId, expectedVersion, await streamVersion(sql, streamId));
  }
  return rows.map(toStored).sort((a, b) => a.version - b.version);
}
