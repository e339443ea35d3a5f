import { describe, expect, it } from 'vitest';
import { StreamVersionConflict } from './event-store.ts';
import { isRetryable, sqlState } from './retry.ts';

/** As Prisma 7 with the pg driver adapter reports a failed raw query (seen on PostgreSQL 15). */
const prismaError = (originalCode: string) =>
  Object.assign(new Error('Raw query failed'), {
    code: 'P2010',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode, kind: 'TransactionWriteConflict' } } },
  });

describe('SQL error codes', () => {
  it('reads the SQLSTATE from pg errors and from Prisma driver adapter errors', () => {
    expect(sqlState(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe('40P01');
    expect(sqlState(prismaError('40001'))).toBe('40001');
    expect(sqlState(prismaError('23505'))).toBe('23505');
    expect(sqlState(new Error('no code'))).toBeUndefined();
  });

  it('retries version conflicts, deadlocks and serialization failures, and nothing else', () => {
    expect(isRetryable(new StreamVersionConflict('s', 1, 2))).toBe(true);
    expect(isRetryable(prismaError('40P01'))).toBe(true);
    expect(isRetryable(prismaError('40001'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('write conflict'), { code: 'P2034' }))).toBe(true);
    expect(isRetryable(prismaError('23505'))).toBe(false);
    expect(isRetryable(new Error('message mentions "40001" but has no code'))).toBe(false);
  });
});
