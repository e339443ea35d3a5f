import { randomUUID } from 'node:crypto';
import { decodeCursor } from '@seminarwerk/http';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, oldenburg, useCatalogue } from './support.ts';

// The list writes its items' JSON in SQL (src/app/offering-json.ts); a single offering is built in JS (read-model.ts)
// and serialised by JSON.stringify. Both must give the same bytes, for every shape an offering has.

const { backOffice, text, reportSeats } = useCatalogue();

const tag = randomUUID().slice(0, 8);
const topic = `Bytegenau ${tag}`;
/** Quotes, a backslash, control characters, DEL, a line separator, umlauts and a character beyond the BMP. */
const awkward = `Recht "kompakt" \\ Teil\t1\n\u0001\u001f\u007f\u2028 Ärger 🎓 ${tag}`;

let ids: string[];

beforeAll(async () => {
  const seminar = await backOffice.post('/seminars', { title: awkward, topic, feeCents: 12345 });
  expect(seminar.status).toBe(201);
  const schedule = async (body: Json) => {
    const created = await backOffice.post(`/seminars/${seminar.body.id}/offerings`, {
      capacity: 12,
      registrationDeadline: '2032-01-05',
      ...body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  ids = [
    // A full address.
    await schedule({ startsAt: '2032-01-10T09:00:00+01:00', endsAt: '2032-01-10T16:00:00+01:00', venue: oldenburg }),
    // Name and city only, with quotes; two days, two sessions.
    await schedule({
      startsAt: '2032-01-11T09:00:00+01:00',
      endsAt: '2032-01-12T16:00:00+01:00',
      venue: { name: 'Haus "Am See" \\ Süd', city: 'Lüneburg' },
      sessions: [
        { startsAt: '2032-01-11T09:00:00+01:00', endsAt: '2032-01-11T16:00:00+01:00' },
        { startsAt: '2032-01-12T09:00:00+01:00', endsAt: '2032-01-12T16:00:00+01:00' },
      ],
    }),
    // Online, with a link the list must not show; at half past midnight in Berlin, still the day before in UTC.
    await schedule({
      startsAt: '2032-01-13T00:30:00+01:00',
      endsAt: '2032-01-13T02:00:00+01:00',
      format: 'online',
      onlineLink: 'https://konferenz.example/raum/1',
    }),
    // A street without a postal code.
    await schedule({
      startsAt: '2032-01-14T09:00:00+01:00',
      endsAt: '2032-01-14T16:00:00+01:00',
      venue: { name: 'Rathaus', street: 'Markt 1', city: 'Hannover' },
    }),
  ];
});

/** The single offerings' answers, joined as the list's items. */
async function itemsOf(offeringIds: string[]): Promise<string> {
  const answers = await Promise.all(offeringIds.map((id) => text(`/offerings/${id}`)));
  for (const answer of answers) expect(answer.status).toBe(200);
  return answers.map((a) => a.text).join(',');
}

describe('the offering list, written by the database', () => {
  it('holds each offering byte for byte as its own answer does', async () => {
    await reportSeats(ids[0] as string, { capacity: 12, confirmed: 12, version: 1 });
    await expect.poll(async () => JSON.parse((await text(`/offerings/${ids[0]}`)).text).seatsAvailable, { timeout: 30_000 }).toBe(0);
    const page = await text(`/offerings?topic=${encodeURIComponent(topic)}`);
    expect(page.status).toBe(200);
    expect(page.contentType).toBe((await text(`/offerings/${ids[0]}`)).contentType);
    expect(page.text).toBe(`{"items":[${await itemsOf(ids)}],"nextCursor":null}`);
    expect(JSON.parse(page.text).items[0]).toMatchObject({ title: awkward, seatsAvailable: 0, feeCents: 12345 });
  });

  it('ends a page with the cursor of its last item, and an empty page is empty', async () => {
    const first = await text(`/offerings?topic=${encodeURIComponent(topic)}&limit=3`);
    const cursor = JSON.parse(first.text).nextCursor as string;
    expect(first.text).toBe(`{"items":[${await itemsOf(ids.slice(0, 3))}],"nextCursor":"${cursor}"}`);
    const last = JSON.parse((await text(`/offerings/${ids[2]}`)).text);
    expect(decodeCursor(cursor)).toEqual({ at: new Date(last.startsAt), id: last.id });

    const rest = await text(`/offerings?topic=${encodeURIComponent(topic)}&limit=3&cursor=${encodeURIComponent(cursor)}`);
    expect(rest.text).toBe(`{"items":[${await itemsOf(ids.slice(3))}],"nextCursor":null}`);
    // Exactly `limit` left: no cursor to an empty page.
    const exact = await text(`/offerings?topic=${encodeURIComponent(topic)}&limit=4`);
    expect(JSON.parse(exact.text).nextCursor).toBeNull();
    expect((await text(`/offerings?topic=${encodeURIComponent(`${topic} nichts`)}`)).text).toBe('{"items":[],"nextCursor":null}');
  });
});
