import { locationLine, OfferingInput, OfferingPatch } from '@seminarwerk/contracts/api';
import { describe, expect, it } from 'vitest';

/** The place rules of a new offering live in its input schema (packages/contracts/src/api/catalogue.ts, `placeProblems`). */
const offering = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  capacity: 16,
  registrationDeadline: '2027-02-02',
};
const venue = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };

/** The fields at fault with their messages, or [] when the input is valid. */
const faults = (input: unknown, schema: typeof OfferingInput | typeof OfferingPatch = OfferingInput) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the place of a new offering', () => {
  it('is on site at a venue by default', () => {
    expect(faults({ ...offering, venue })).toEqual([]);
    expect(OfferingInput.parse({ ...offering, venue }).format).toBe('onsite');
  });

  it('needs a venue on site', () => expect(faults(offering)).toEqual(['venue: is required for an on-site offering (format onsite)']));

  it('takes no meeting link on site', () =>
    expect(faults({ ...offering, venue, onlineLink: 'https://meet.example/a' })).toEqual([
      'onlineLink: is only for online offerings (format online)',
    ]));

  it('takes an online date with or without a link, never with a venue', () => {
    expect(faults({ ...offering, format: 'online' })).toEqual([]);
    expect(faults({ ...offering, format: 'online', onlineLink: 'https://meet.example/a' })).toEqual([]);
    expect(faults({ ...offering, format: 'online', venue })).toEqual(['venue: must be left out for an online offering (format online)']);
  });

  it('names the venue field at fault', () => {
    expect(faults({ ...offering, venue: { ...venue, postalCode: '2612' } })).toEqual([
      'venue.postalCode: must be a German postal code of five digits',
    ]);
    expect(faults({ ...offering, venue: { name: 'Seminarzentrum' } })).toEqual([expect.stringMatching(/^venue\.city: /)]);
  });

  it('takes only https meeting links', () =>
    expect(faults({ ...offering, format: 'online', onlineLink: 'http://meet.example/a' })).toEqual([
      expect.stringMatching(/^onlineLink: /),
    ]));
});

describe('an offering update', () => {
  it('takes any of its fields and null to remove the link', () =>
    expect(faults({ capacity: 20, venue, onlineLink: null, registrationDeadline: '2027-02-09' }, OfferingPatch)).toEqual([]));

  it('refuses unknown fields and the status by name', () =>
    expect(faults({ colour: 'red', status: 'published' }, OfferingPatch)).toEqual([
      'colour: is not a field of an offering',
      'status: is not changed by an update: use POST /v1/offerings/{id}/publish or /cancel',
    ]));

  it('refuses an empty update', () => expect(faults({}, OfferingPatch)).toEqual([': must change at least one field']));
});

describe('the place as one line', () => {
  it('writes the venue as an address line', () =>
    expect(locationLine('onsite', venue)).toBe('Seminarzentrum, Musterstraße 1, 26121 Oldenburg'));
  it('leaves out what is not known', () =>
    expect(locationLine('onsite', { name: 'Tagungshaus', city: 'Lüneburg' })).toBe('Tagungshaus, Lüneburg'));
  it('says Online for online dates', () => expect(locationLine('online', null)).toBe('Online'));
});
