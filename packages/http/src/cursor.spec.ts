import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeTextCursor, encodeCursor, encodeTextCursor } from './cursor.ts';
import { AppError } from './problem.ts';

describe('list cursors', () => {
  it('give back the keyset they were made from', () => {
    const keyset = { at: new Date('2027-02-16T08:00:00.123Z'), id: '7d1f0c1e-3a55-4c55-9a8e-1c2b3d4e5f60' };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
  });

  it.each(['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url'), Buffer.from('{}').toString('base64url')])(
    'answer %s with a 400 naming the cursor',
    (cursor) => {
      const error = (() => {
        try {
          decodeCursor(cursor);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 400, code: 'validation-failed', extensions: { errors: [{ field: 'cursor' }] } });
    },
  );

  it('by a text give back the name and id they were made from, and refuse a time cursor', () => {
    const keyset = { after: 'Landkreis Ammerland', id: 'ammerland' };
    expect(decodeTextCursor(encodeTextCursor(keyset))).toEqual(keyset);
    expect(() => decodeTextCursor(Buffer.from('["x",{}]').toString('base64url'))).toThrow(AppError);
  });
});
