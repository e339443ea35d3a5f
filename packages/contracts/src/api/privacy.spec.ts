import { describe, expect, it } from 'vitest';
import { ANOTHER_PERSON, withoutOthers } from './privacy.ts';

const anna = { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' };
const cem = { firstName: 'Cem', lastName: 'Yilmaz', email: 'cem.yilmaz@oldenburg.example' };
const people = ['participant', 'previous'];

describe('an event in an access export', () => {
  it('keeps the person it is exported for, in any case of their address', () =>
    expect(withoutOthers({ registrationId: 'r1', participant: anna }, 'ANNA.Meyer@oldenburg.example', people)).toEqual({
      registrationId: 'r1',
      participant: anna,
    }));

  it('leaves out the substitute who took the place over', () =>
    expect(withoutOthers({ registrationId: 'r1', previous: anna, participant: cem }, anna.email, people)).toEqual({
      registrationId: 'r1',
      previous: anna,
      participant: ANOTHER_PERSON,
    }));

  it('leaves out the person replaced, for the substitute', () =>
    expect(withoutOthers({ registrationId: 'r1', previous: anna, participant: cem }, cem.email, people)).toEqual({
      registrationId: 'r1',
      previous: ANOTHER_PERSON,
      participant: cem,
    }));

  it('touches no other field', () =>
    expect(withoutOthers({ bookedBy: cem, participant: anna }, anna.email, people)).toEqual({ bookedBy: cem, participant: anna }));
});
