import { type ApiClient, apiClient } from '@seminarwerk/testing';
import { type BookingsSeeded, seedBookings } from './seed/bookings.ts';
import { seedMunicipalities } from './seed/customers.ts';
import { keepProgrammeAhead } from './seed/dates.ts';
import { invoicingHint } from './seed/invoicing-hint.ts';
import { allPages, ok, readJson } from './seed/support.ts';

export { seedMunicipalities };

interface DemoSeminar {
  key: string;
  title: string;
  topic: string;
  summary: string;
  audience: string;
  lecturers: string[];
  feeCents: number;
  vat: string;
  cancellationTerms: Record<string, unknown>;
  offerings: {
    start: string;
    end: string;
    venue: string;
    capacity: number;
    registrationDeadline: string;
    /** Optional: `draft` keeps the date unpublished (default `published`). */
    status?: 'draft' | 'published';
    /** Optional: the days of a multi-day date (default: one session, the whole date). */
    sessions?: { startsAt: string; endsAt: string }[];
  }[];
}
interface DemoPlaces {
  venues: Record<string, { name: string; street?: string; postalCode?: string; city: string }>;
  onlineLinkBase: string;
}

/** The demo data names a venue as one line; the API wants it structured, or an online date with its link. */
function placeOf(venue: string, places: DemoPlaces, room: string) {
  if (/^online/i.test(venue)) return { format: 'online', onlineLink: `${places.onlineLinkBase}${room}` };
  const known = places.venues[venue];
  if (known) return { format: 'onsite', venue: known };
  const [city = venue, ...name] = venue.split(',').map((part) => part.trim());
  return { format: 'onsite', venue: { name: name.join(', ') || city, city } };
}

/** The demo programme, once: seminars whose title already exists are left alone. */
export async function seedCatalogue(backOffice: ApiClient): Promise<number> {
  const seminars = keepProgrammeAhead((await readJson<{ seminars: DemoSeminar[] }>('catalogue.json')).seminars, new Date());
  const places = await readJson<DemoPlaces>('venues.json');
  const titles = new Set((await allPages<{ title: string }>(backOffice, '/v1/seminars?limit=100', 'seminar list')).map((s) => s.title));
  let created = 0;
  for (const s of seminars.filter((s) => !titles.has(s.title))) {
    const seminar = ok(
      await backOffice.post<{ id: string }>('/v1/seminars', {
        title: s.title,
        topic: s.topic,
        summary: s.summary,
        audience: s.audience,
        lecturers: s.lecturers,
        feeCents: s.feeCents,
        vat: s.vat,
        cancellationTerms: s.cancellationTerms,
      }),
      `seminar ${s.key}`,
    );
    for (const [i, o] of s.offerings.entries()) {
      ok(
        await backOffice.post(`/v1/seminars/${seminar.id}/offerings`, {
          startsAt: o.start,
          endsAt: o.end,
          ...placeOf(o.venue, places, `${s.key}-${i + 1}`),
          capacity: o.capacity,
          registrationDeadline: o.registrationDeadline,
          ...(o.status ? { status: o.status } : {}),
          ...(o.sessions ? { sessions: o.sessions } : {}),
        }),
        `offering of ${s.key}`,
      );
    }
    created += 1;
  }
  return created;
}

export interface DemoKeys {
  backOffice: string;
  municipalities: Record<string, string>;
  /** The back-office web app's own key (scope staff:delegate), kept so that a restart does not make a new one. */
  backofficeApp?: string;
  /** The demo's staff accounts for the back office (`npm start` prints them). */
  staff?: { username: string; password: string; role: 'sachbearbeitung' | 'rechnungswesen' | 'admin'; displayName?: string }[];
}

export interface DemoSeeded {
  keys: DemoKeys;
  seminarsAdded: number;
  /** The demo registrations this run booked (0 the second time), and those the rules refused. */
  bookings: BookingsSeeded;
  /** How to issue and download an invoice (curl lines), also reported unless `report` says otherwise. */
  invoicingHint: string;
}

/**
 * Seeds customers (with billing mode, payment terms and supplier number), one partner key per municipality (kept if
 * it still works), the programme, and a few registrations for invoicing to draft. Running it again adds nothing.
 * `report` gets the invoicing hint for `npm start` to show (default: printed).
 */
export async function seedDemo(
  gatewayUrl: string,
  keys: DemoKeys,
  { report = (text: string) => console.log(`\n${text}`) }: { report?: (text: string) => void } = {},
): Promise<DemoSeeded> {
  const backOffice = apiClient(gatewayUrl, keys.backOffice);
  const municipalities = await seedMunicipalities(backOffice);
  const partnerKeys = { ...keys.municipalities };
  for (const m of municipalities) {
    const known = partnerKeys[m.key];
    if (known && (await apiClient(gatewayUrl, known).get('/v1/invoices')).status === 200) continue;
    const created = await backOffice.post<{ key: string }>('/v1/api-keys', {
      name: `${m.name} (demo)`,
      role: 'partner',
      municipalityId: m.key,
    });
    partnerKeys[m.key] = ok(created, `key of ${m.key}`).key;
  }
  const seminarsAdded = await seedCatalogue(backOffice);
  const partners = Object.fromEntries(Object.entries(partnerKeys).map(([m, key]) => [m, apiClient(gatewayUrl, key)]));
  const bookings = await seedBookings(backOffice, partners);
  const hint = await invoicingHint(gatewayUrl, backOffice);
  report(hint);
  return { keys: { ...keys, municipalities: partnerKeys }, seminarsAdded, bookings, invoicingHint: hint };
}
