import { validationError } from './problem.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a page ended: the sort time of its last item and that item's id (the tie-breaker). */
export interface Keyset {
  at: Date;
  id: string;
}

/** The one cursor format of every list: the keyset as JSON in base64url, opaque to clients. */
export const encodeCursor = ({ at, id }: Keyset): string => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

/** A cursor this API handed out, or a 400 naming the `cursor` parameter. */
export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const time = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    if (typeof id === 'string' && UUID.test(id) && !Number.isNaN(time.getTime())) return { at: time, id };
  } catch {
    // not base64url JSON: answered below like any other foreign value
  }
  throw validationError([{ path: ['cursor'], message: 'is not a cursor of this list' }], 'query');
}
