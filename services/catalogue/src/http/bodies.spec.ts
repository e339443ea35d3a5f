import { OfferingInput, OfferingPatch, RescheduleInput, SeminarPatch } from '@seminarwerk/contracts/api';
import { describe, expect, it } from 'vitest';
import { invalid, seminarNotFound } from '../domain/rejections.ts';
import { seminarChanges } from './commands.ts';
import { catalogueProblems } from './problems.ts';

// The shapes of the bodies the catalogue takes (packages/contracts/src/api/catalogue.ts), and the answer to input
// its rules refuse. The rules between fields are the domain's (src/domain/date-and-place.ts).

const offering = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  capacity: 16,
  registrationDeadline: '2027-02-02',
};
const venue = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };

/** The fields at fault with their messages, or [] when the body has the right shape. */
const faults = (
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
  body: unknown,
) => {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the body of a new date', () => {
  it('is on site and published by default', () =>
    expect(OfferingInput.parse({ ...offering, venue })).toMatchObject({ format: 'onsite', status: 'published' }));

  it('names the venue field at fault', () => {
    expect(faults(OfferingInput, { ...offering, venue: { ...venue, postalCode: '2612' } })).toEqual([
      'venue.postalCode: must be a German postal code of five digits',
    ]);
    expect(faults(OfferingInput, { ...offering, venue: { name: 'Seminarzentrum' } })).toEqual([expect.stringMatching(/^venue\.city: /)]);
  });

  it('takes only https meeting links', () =>
    expect(faults(OfferingInput, { ...offering, format: 'online', onlineLink: 'http://meet.example/a' })).toEqual([
      expect.stringMatching(/^onlineLink: /),
    ]));

  it('refuses an empty list of sessions and a malformed time, naming the field', () => {
    expect(faults(OfferingInput, { ...offering, venue, sessions: [] })).toEqual([expect.stringMatching(/^sessions: /)]);
    expect(faults(RescheduleInput, { ...offering, sessions: [{ startsAt: 'morgen', endsAt: offering.endsAt }] })).toEqual([
      expect.stringMatching(/^sessions\.0\.startsAt: /),
    ]);
  });

  it('leaves the rules between fields to the catalogue', () =>
    expect(faults(OfferingInput, { ...offering, endsAt: offering.startsAt, format: 'online', venue })).toEqual([]));
});

describe('a partial update', () => {
  it('of a date takes any of its fields, and null to remove the link', () =>
    expect(faults(OfferingPatch, { capacity: 20, venue, onlineLink: null, registrationDeadline: '2027-02-09' })).toEqual([]));

  it('refuses unknown fields and the status by name, and an empty body', () => {
    expect(faults(OfferingPatch, { colour: 'red', status: 'published' })).toEqual([
      'colour: is not a field of an offering',
      'status: is not changed by an update: use POST /v1/offerings/{id}/publish or /cancel',
    ]);
    expect(faults(OfferingPatch, {})).toEqual([': must change at least one field']);
  });

  it('of a seminar fills in no defaults: what is left out stays as it is', () =>
    expect(seminarChanges(SeminarPatch.parse({ title: 'Neu' }))).toEqual({ title: 'Neu' }));
});

describe('the answer to a refused command', () => {
  it('names every field the rules refuse, like a body of the wrong shape', () => {
    const problem = catalogueProblems(
      invalid([
        { field: 'endsAt', detail: 'must be after startsAt' },
        { field: 'venue', detail: 'is required for an on-site offering (format onsite)' },
      ]),
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'validation-failed',
      detail: 'The request body is invalid: endsAt: must be after startsAt; venue: is required for an on-site offering (format onsite)',
      extensions: {
        errors: [
          { field: 'endsAt', detail: 'must be after startsAt' },
          { field: 'venue', detail: 'is required for an on-site offering (format onsite)' },
        ],
      },
    });
  });

  it('answers any other code with its own status and problem type', () =>
    expect(catalogueProblems(seminarNotFound())).toMatchObject({ status: 404, code: 'seminar-not-found' }));
});
