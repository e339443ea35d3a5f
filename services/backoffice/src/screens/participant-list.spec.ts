import { describe, expect, it } from 'vitest';
import type { Registration } from './catalogue-resources.ts';
import { participantCsv } from './participant-list.ts';

const person = (firstName: string, lastName: string, extra: Partial<Registration> = {}): Registration => ({
  id: `reg-${lastName}`,
  offeringId: 'offering',
  status: 'confirmed',
  participant: { firstName, lastName, email: `${firstName.toLowerCase()}@example.org` },
  municipalityId: 'oldenburg',
  createdAt: '2027-02-01T09:00:00Z',
  ...extra,
});

describe('the participant list as CSV for German Excel', () => {
  it('starts with a byte order mark, separates with semicolons and ends lines with CRLF', () => {
    const csv = participantCsv([
      { registration: person('Jörg', 'Müller', { attended: true }), municipality: 'Stadt Oldenburg (Oldb)' },
      { registration: person('Carla', 'Yıldız', { status: 'waitlisted', waitlistPosition: 1 }), municipality: 'ohne Kommune' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFNachname;Vorname;E-Mail;Kommune;Status;Wartelistenplatz;Anwesend',
      'Müller;Jörg;jörg@example.org;Stadt Oldenburg (Oldb);angemeldet;;ja',
      'Yıldız;Carla;carla@example.org;ohne Kommune;Warteliste;1;',
      '',
    ]);
  });

  it('quotes a cell with a separator or a quote, and never lets a name become a formula', () => {
    const registration = person('x', 'y', { participant: { firstName: '=HYPERLINK("x")', lastName: 'Meyer; Schulz', email: 'a@b.de' } });
    const csv = participantCsv([{ registration, municipality: 'Landkreis "Nord"' }]);
    expect(csv.split('\r\n')[1]).toBe(`"Meyer; Schulz";"'=HYPERLINK(""x"")";a@b.de;"Landkreis ""Nord""";angemeldet;;`);
  });
});

describe('an erased participant in the list', () => {
  it('keeps the place and says the data is erased, with no name or address', () => {
    const registration = person('Anna', 'Meyer', { participant: { erased: true } });
    const csv = participantCsv([{ registration, municipality: 'Stadt Leer' }]);
    expect(csv.split('\r\n')[1]).toBe('Daten gelöscht;;;Stadt Leer;angemeldet;;');
  });
});
