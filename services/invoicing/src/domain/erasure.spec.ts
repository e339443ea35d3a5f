import { describe, expect, it } from 'vitest';
import { erasedName, withoutLineNames, withoutName } from './erasure.ts';

const registrationId = 'a0000000-0000-4000-8000-000000000001';
const opened = (participant: string) => ({ type: 'PositionOpened', data: { registrationId, participant, title: 'Vergaberecht' } });
const renamed = (previous: string, participant: string, at: string, substitutedAt?: string) => ({
  type: 'PositionRenamed',
  data: { registrationId, previous, participant, renamedAt: at, ...(substitutedAt ? { substitutedAt } : {}) },
});

describe('the name an erasure blanks', () => {
  const stream = [
    opened('Anna Alt'),
    renamed('Anna Alt', 'Bernd Bauer', '2027-02-01T10:00:05Z', '2027-02-01T10:00:00Z'),
    renamed('Bernd Bauer', 'Clara Cort', '2027-02-10T09:00:03Z', '2027-02-10T09:00:00Z'),
  ];

  it('is the name the position has now when the person held the place to the end', () =>
    expect(erasedName(stream, null)).toBe('Clara Cort'));

  it('is the name before the renaming of the substitution the person left by', () => {
    expect(erasedName(stream, '2027-02-01T10:00:00.000Z')).toBe('Anna Alt');
    expect(erasedName(stream, '2027-02-10T09:00:00+00:00')).toBe('Bernd Bauer');
  });

  it('finds renamings recorded before issue 14 by when invoicing renamed', () =>
    expect(erasedName([opened('Anna Alt'), renamed('Anna Alt', 'Bernd Bauer', '2027-02-01T10:00:05Z')], '2027-02-01T10:00:00Z')).toBe(
      'Anna Alt',
    ));

  it('is the name the position still has when the substitution did not reach it (invoiced before)', () =>
    expect(erasedName([opened('Anna Alt')], '2027-02-01T10:00:00Z')).toBe('Anna Alt'));

  it('is empty for a position that names nobody, or none at all', () => {
    expect(erasedName([opened('')], null)).toBe('');
    expect(erasedName([], null)).toBe('');
  });
});

describe('blanking a name', () => {
  it('blanks it as participant and as previous, and nothing else', () => {
    const renaming = renamed('Anna Alt', 'Bernd Bauer', '2027-02-01T10:00:05Z').data;
    expect(withoutName(renaming, 'Anna Alt', registrationId)).toEqual({ data: { ...renaming, previous: '' }, count: 1 });
    expect(withoutName(opened('Anna Alt').data, 'Anna Alt', registrationId)).toEqual({
      data: { registrationId, participant: '', title: 'Vergaberecht' },
      count: 1,
    });
  });

  it('blanks only the lines of the registration that name the person', () => {
    const other = { registrationId: 'b0000000-0000-4000-8000-000000000002', participant: 'Anna Alt' };
    const own = { registrationId, participant: 'Anna Alt', name: 'Teilnahmegebühr: Vergaberecht' };
    const { data, count } = withoutName({ invoiceId: 'x', lines: [own, other] }, 'Anna Alt', registrationId);
    expect(count).toBe(1);
    expect(data.lines).toEqual([{ ...own, participant: '' }, other]);
  });

  it('leaves data without the name as it was (the same object)', () => {
    const data = { invoiceId: 'x', reason: 'Abmeldung' };
    expect(withoutName(data, 'Anna Alt', registrationId).data).toBe(data);
    expect(withoutName(opened('').data, '', registrationId).count).toBe(0);
  });

  it('blanks every line of a document whose retention period ended', () => {
    const lines = [
      { registrationId, participant: 'Anna Alt' },
      { registrationId: 'b', participant: '' },
      { registrationId: 'c', participant: 'Clara Cort' },
    ];
    expect(withoutLineNames({ lines })).toEqual({ data: { lines: lines.map((l) => ({ ...l, participant: '' })) }, count: 2 });
  });
});
