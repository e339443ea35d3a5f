import { validationError } from './problem.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a page ended: the sort time of its last item and that item's id (the tie-breaker). */
export interface Keyset {
  at: Date;
  id: string;
}

/** The one cursor format of every list: the keyset as JSON in base64url, opaque to clients. */
export const encodeCursor = ({ at, id }: Keyset): string => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

const foreign = () => validationError([{ path: ['cursor'], message: 'is not a cursor of this list' }], 'query');

/** The cursor's two members, or undefined when it is not base64url JSON of a pair. */
function pairOf(cursor: string): [unknown, unknown] | undefined {
  try {
    const pair = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(pair) && pair.length === 2 ? [pair[0], pair[1]] : undefined;
  } catch {
    return undefined; // not base64url JSON: answered like any other foreign value
  }
}

/** A cursor this API handed out, or a 400 naming the `cursor` parameter. */
export function decodeCursor(cursor: string): Keyset {
  const [at, id] = pairOf(cursor) ?? [];
  const time = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
  if (typeof id === 'string' && UUID.test(id) && !Number.isNaN(time.getTime())) return { at: time, id };
  throw foreign();
}

/** Where a page sorted by a text (a name) ended: that text and the item's id (a slug or UUID), for lists not in time order. */
export interface TextKeyset {
  after: string;
  id: string;
}

/** The same format as `encodeCursor`: the pair as JSON in base64url. */
export const encodeTextCursor = ({ after, id }: TextKeyset): string => Buffer.from(JSON.stringify([after, id])).toString('base64url');

/** A text cursor this API handed out, or a 400 naming `cursor`. */
export function decodeTextCursor(cursor: string): TextKeyset {
  const [after, id] = pairOf(cursor) ?? [];
  if (typeof after === 'string' && after.length <= 1000 && typeof id === 'string' && /^[a-z0-9-]{1,100}$/i.test(id)) return { after, id };
  throw foreign();
}
