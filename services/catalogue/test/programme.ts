import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Client } from './support.ts';

/** Long, with umlauts, commas and a line break: forces folding and escaping in the feed. */
export const longSummary =
  'Pressemitteilungen, Pressegespräche und Interviews; wie Verwaltungen mit lokalen und überregionalen Medien arbeiten ' +
  'und die Deutungshoheit behalten.\nMit Übungen: Ärger, Öffentlichkeit, Größe.';

/** "City, Name" is a venue in that city; "Online …" an online date. */
const place = (where: string) => {
  if (where.startsWith('Online')) return { format: 'online' };
  const [city, name] = where.split(', ');
  return { format: 'onsite', venue: { name, city } };
};

/**
 * Three seminars with six dates under a topic of their own, so nothing else shows up in their lists:
 * - presse: a1 (10 Mar 2031, 00:30 in Berlin, still the 9th in UTC; Oldenburg), a2 (10 Apr, online)
 * - wahl: b1 (9 Mar, Hannover), b2 (5 May, "oldenburg", one seat)
 * - haushalt: c1 (1 Jun, Lüneburg, cancelled), c2 (2 Jun, Lüneburg, moved once to 3 Jun)
 */
export async function scheduleProgramme(backOffice: Client) {
  const tag = randomUUID().slice(0, 8);
  const topic = `Öffentlicher Katalog ${tag}`;
  const titles = {
    presse: `Pressearbeit für Kommunen; Teil 1, ${tag}`,
    wahl: `Schulung für Wahlvorstände ${tag}`,
    haushalt: `Haushaltsrecht kompakt ${tag}`,
  };

  async function seminar(title: string, summary = ''): Promise<string> {
    const created = await backOffice.post('/seminars', { title, topic, summary, feeCents: 19000 });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  async function offering(seminarId: string, startsAt: string, endsAt: string, where: string, capacity = 10): Promise<string> {
    const created = await backOffice.post(`/seminars/${seminarId}/offerings`, {
      startsAt,
      endsAt,
      ...place(where),
      capacity,
      registrationDeadline: '2031-03-01',
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const ids = {
    presse: await seminar(titles.presse, longSummary),
    wahl: await seminar(titles.wahl, 'Aufgaben am Wahltag'),
    haushalt: await seminar(titles.haushalt),
  };
  const o = {
    a1: await offering(ids.presse, '2031-03-10T00:30:00+01:00', '2031-03-10T16:00:00+01:00', 'Oldenburg, Seminarzentrum'),
    a2: await offering(ids.presse, '2031-04-10T09:00:00+02:00', '2031-04-10T12:00:00+02:00', 'Online (Videokonferenz)'),
    b1: await offering(ids.wahl, '2031-03-09T09:00:00+01:00', '2031-03-09T16:00:00+01:00', 'Hannover, Bildungszentrum'),
    b2: await offering(ids.wahl, '2031-05-05T09:00:00+02:00', '2031-05-05T16:00:00+02:00', 'oldenburg, Rathaus', 1),
    c1: await offering(ids.haushalt, '2031-06-01T09:00:00+02:00', '2031-06-01T16:00:00+02:00', 'Lüneburg, Tagungshaus'),
    c2: await offering(ids.haushalt, '2031-06-02T09:00:00+02:00', '2031-06-02T16:00:00+02:00', 'Lüneburg, Tagungshaus'),
  };
  expect((await backOffice.post(`/offerings/${o.c1}/cancel`, { reason: 'Referentin erkrankt' })).status).toBe(200);
  const moved = await backOffice.post(`/offerings/${o.c2}/reschedule`, {
    startsAt: '2031-06-03T09:00:00+02:00',
    endsAt: '2031-06-03T16:00:00+02:00',
  });
  expect(moved.status).toBe(200);
  return { tag, topic, titles, ids, o };
}
export type Programme = Awaited<ReturnType<typeof scheduleProgramme>>;
