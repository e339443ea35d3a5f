import { type ApiClient, type ApiResponse, apiClient } from '../api-client.ts';
import { eventually } from '../eventually.ts';
import { registerWhenOpen } from '../register.ts';
import type { FuzzTarget } from './requests.ts';

type Json = Record<string, unknown>;

const MUNICIPALITY_A = 'oldenburg';
const MUNICIPALITY_B = 'hannover';

function expect2xx<T>(response: ApiResponse<T>, what: string): T {
  if (response.status < 200 || response.status > 299)
    throw new Error(`fuzz setup, ${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const customer = (name: string, billing: string) => ({
  name,
  invoiceEmail: 'rechnungseingang@example.org',
  leitwegId: '03403000-57',
  billingAddress: { street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)', country: 'DE' },
  billing,
  paymentTermsDays: 30,
});

function offering(daysAhead: number, capacity: number, status: 'published' | 'draft' = 'published') {
  const start = new Date(Date.now() + daysAhead * 86_400_000);
  start.setUTCHours(8, 0, 0, 0);
  return {
    capacity,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
    venue: { name: 'Tagungszentrum', city: 'Hannover' },
    registrationDeadline: new Date(start.getTime() - 7 * 86_400_000).toISOString().slice(0, 10),
    status,
  };
}

/**
 * Makes through the public API what deep paths need real ids of: customers, partner keys (municipality A with all
 * rights and with read scopes only), seminars and dates (published, drafts, one nearly full), registrations
 * (confirmed and waiting), their invoice drafts, e-mail deliveries, a webhook subscription and a key that may be
 * rotated or revoked. The fuzzer's own keys are never in the id lists, so it cannot revoke itself.
 */
export async function setUpFuzzTarget(baseUrl: string, backOfficeKey: string): Promise<FuzzTarget> {
  const backOffice = apiClient(baseUrl, backOfficeKey);
  for (const [id, billing] of [
    [MUNICIPALITY_A, 'per-registration'],
    [MUNICIPALITY_B, 'collective-monthly'],
  ] as const) {
    expect2xx(await backOffice.put(`/v1/customers/${id}`, customer(`Stadt ${id}`, billing)), `customer ${id}`);
  }
  const key = async (body: Json) =>
    expect2xx(await backOffice.post<{ id: string; key: string }>('/v1/api-keys', body), `key ${JSON.stringify(body)}`);
  const partner = await key({ name: 'fuzz partner A', role: 'partner', municipalityId: MUNICIPALITY_A });
  const limited = await key({
    name: 'fuzz partner A, read only',
    role: 'partner',
    municipalityId: MUNICIPALITY_A,
    scopes: ['registrations:read', 'catalogue:read'],
  });
  const sacrificial = await Promise.all([
    key({ name: 'fuzz: to be rotated or revoked', role: 'partner', municipalityId: MUNICIPALITY_B }),
    key({ name: 'fuzz: to be rotated or revoked', role: 'back-office' }),
  ]);

  const seminar = async (title: string, status = 'published') =>
    expect2xx(
      await backOffice.post<{ id: string }>('/v1/seminars', { title, topic: 'Digitalisierung', feeCents: 34000, status }),
      'seminar',
    ).id;
  const schedule = async (seminarId: string, body: Json) =>
    expect2xx(await backOffice.post<{ id: string }>(`/v1/seminars/${seminarId}/offerings`, body), 'offering').id;
  const seminars = [await seminar('Fuzz: E-Akte'), await seminar('Fuzz: Vergaberecht'), await seminar('Fuzz: Entwurf', 'draft')];
  const [first, second, draft] = seminars as [string, string, string];
  const offerings = [
    await schedule(first, offering(60, 2)),
    await schedule(first, offering(90, 50)),
    await schedule(second, offering(30, 10)),
    await schedule(first, offering(120, 5, 'draft')),
    await schedule(draft, offering(150, 5, 'draft')),
  ];

  const partnerClient = apiClient(baseUrl, partner.key);
  const register = async (client: ApiClient, offeringId: string, n: number, extra: Json = {}) =>
    expect2xx(
      await registerWhenOpen(client, {
        offeringId,
        participant: { firstName: 'Fuzz', lastName: `Teilnehmer ${n}`, email: `fuzz.${n}@example.org` },
        ...extra,
      }),
      'registration',
    ).id as string;
  const own = [
    await register(partnerClient, offerings[0] as string, 1),
    await register(partnerClient, offerings[0] as string, 2),
    await register(partnerClient, offerings[0] as string, 3), // waiting: two seats
    await register(partnerClient, offerings[1] as string, 4),
  ];
  const others = [await register(backOffice, offerings[2] as string, 5, { municipalityId: MUNICIPALITY_B })];

  const subscription = expect2xx(
    await partnerClient.post<{ id: string }>('/v1/webhook-subscriptions', {
      url: 'https://hooks.example.org/fuzz',
      events: ['registration.confirmed'],
    }),
    'webhook subscription',
  ).id;

  const invoices = await eventually(
    async () => {
      const list = expect2xx(await backOffice.get<{ items: { id: string }[] }>('/v1/invoices?status=draft&limit=20'), 'invoices');
      if (list.items.length === 0) throw new Error('no invoice draft yet');
      return list.items.map((i) => i.id);
    },
    { timeoutMs: 60_000 },
  );
  const deliveries = await eventually(
    async () => {
      const list = expect2xx(await backOffice.get<{ items: { id: string }[] }>('/v1/notifications/deliveries?limit=20'), 'deliveries');
      if (list.items.length === 0) throw new Error('no e-mail delivery yet');
      return list.items.map((d) => d.id);
    },
    { timeoutMs: 60_000 },
  );

  return {
    keys: { partner: partner.key, 'limited-partner': limited.key, 'back-office': backOfficeKey },
    ids: {
      seminarId: seminars,
      offeringId: offerings,
      registrationId: [...own, ...others],
      'registrationId:partner': own,
      'registrationId:limited-partner': own,
      invoiceId: invoices,
      customerId: [MUNICIPALITY_A, MUNICIPALITY_B],
      municipalityId: [MUNICIPALITY_A, MUNICIPALITY_B],
      'municipalityId:partner': [MUNICIPALITY_A],
      'municipalityId:limited-partner': [MUNICIPALITY_A],
      apiKeyId: sacrificial.map((k) => k.id),
      deliveryId: deliveries,
      subscriptionId: [subscription],
    },
  };
}
