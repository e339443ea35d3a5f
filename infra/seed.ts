import { readFile } from 'node:fs/promises';
import { type ApiClient, apiClient } from '@seminarwerk/testing';

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
interface DemoMunicipality {
  key: string;
  name: string;
  billing: { department: string; street: string; postalCode: string; city: string; country: string };
  invoiceEmail: string;
  leitwegId: string;
}

const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(new URL(`./seed/${name}`, import.meta.url), 'utf8')) as T;

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

function ok<T>(response: { status: number; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`Seeding ${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Municipalities as invoice customers. PUT is idempotent, so every start may run it. */
export async function seedMunicipalities(backOffice: ApiClient): Promise<DemoMunicipality[]> {
  const { municipalities } = await readJson<{ municipalities: DemoMunicipality[] }>('municipalities.json');
  for (const m of municipalities) {
    ok(
      await backOffice.put(`/v1/customers/${m.key}`, {
        name: m.name,
        invoiceEmail: m.invoiceEmail,
        leitwegId: m.leitwegId,
        billingAddress: m.billing,
      }),
      `customer ${m.key}`,
    );
  }
  return municipalities;
}

/** The demo programme, once: seminars whose title already exists are left alone. */
export async function seedCatalogue(backOffice: ApiClient): Promise<number> {
  const { seminars } = await readJson<{ seminars: DemoSeminar[] }>('catalogue.json');
  const places = await readJson<DemoPlaces>('venues.json');
  const titles = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { items: { title: string }[]; nextCursor: string | null } = ok(
      await backOffice.get(`/v1/seminars?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      'seminar list',
    );
    for (const s of page.items) titles.add(s.title);
    cursor = page.nextCursor;
  } while (cursor);
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
}

/**
 * Seeds customers, one partner key per municipality (kept if it still works) and the programme.
 * Returns the keys and how many seminars were added.
 */
export async function seedDemo(gatewayUrl: string, keys: DemoKeys): Promise<{ keys: DemoKeys; seminarsAdded: number }> {
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
  return { keys: { ...keys, municipalities: partnerKeys }, seminarsAdded: await seedCatalogue(backOffice) };
}
