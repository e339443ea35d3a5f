import { randomBytes } from 'node:crypto';
import type { EventMessage } from '@seminarwerk/contracts';
import { type Principal, principalHeaders } from '@seminarwerk/http';
import pg from 'pg';
import { type ApiClient, jsonClient } from './api-client.ts';
import { provided } from './context.ts';
import { createTestDatabase } from './database.ts';
import { collectEvents, type EventCollector, eventPublisher } from './kafka-events.ts';

/** The settings every service takes, pointed at the test run's infrastructure. */
export interface TestServiceEnv {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  KAFKA_NAMESPACE: string;
  PORT: string;
  HOST: string;
  LOG_LEVEL: string;
  /** The secret the service checks principals with; the suite signs its calls with the same (as the gateway does). */
  PRINCIPAL_SIGNING_SECRET: string;
}

export const backOfficePrincipal = (actor = 'test-staff'): Principal => ({ kind: 'back-office', actor, keyId: `key-${actor}` });
export const municipalityPrincipal = (municipalityId: string): Principal => ({
  kind: 'municipality',
  municipalityId,
  keyId: `key-${municipalityId}`,
});

/**
 * One service in this process, on a fresh database, with topics and a consumer group of its own (so
 * suites share the broker), its internal API called as the gateway would: with a principal.
 */
export async function startServiceUnderTest(
  name: string,
  start: (env: TestServiceEnv) => Promise<{ url: string; stop(): Promise<void> }>,
  options: { topics?: readonly string[] } = {},
) {
  const namespace = `test-${name}-${randomBytes(4).toString('hex')}.`;
  const databaseUrl = await createTestDatabase(name);
  const principalSecret = randomBytes(32).toString('base64url');
  const service = await start({
    PRINCIPAL_SIGNING_SECRET: principalSecret,
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: provided('kafkaBrokers'),
    KAFKA_NAMESPACE: namespace,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const publisher = await eventPublisher();
  const events: EventCollector | undefined = options.topics
    ? await collectEvents(options.topics.map((t) => `${namespace}${t}`))
    : undefined;
  return {
    url: service.url,
    namespace,
    /** Read-only access for checks such as "this request wrote no event". */
    db,
    /** The service's API as `principal` (or anonymously), signed as the gateway signs it; paths without `/v1`. */
    as: (principal?: Principal): ApiClient =>
      principal ? signedClient(service.url, principal, principalSecret) : jsonClient(service.url, {}),
    /** Signed principal headers for one request of your own (`fetch` of a document): method and path as sent. */
    principalHeaders: (principal: Principal, method: string, path: string) =>
      principalHeaders(principal, principalSecret, { method, path: target(service.url, path) }),
    principalSecret,
    /** What the service published on `options.topics`. */
    get events(): EventCollector {
      if (!events) throw new Error(`${name}: pass options.topics to collect its events`);
      return events;
    },
    /** Publishes events to the service as the services it consumes would (topic without namespace). */
    publish: (messages: readonly EventMessage[]) => publisher.publish(messages.map((m) => ({ ...m, topic: `${namespace}${m.topic}` }))),
    async stop() {
      await events?.stop();
      await publisher.stop();
      await service.stop();
      await db.end();
    },
  };
}
/** Path and query as `fetch` sends them for `path` against `baseUrl`: what the signature covers. */
function target(baseUrl: string, path: string): string {
  const url = new URL(path, baseUrl);
  return `${url.pathname}${url.search}`;
}

/** A JSON client whose every call carries the principal signed for that call's method and path. */
function signedClient(baseUrl: string, principal: Principal, secret: string): ApiClient {
  const as = (method: string, path: string) =>
    jsonClient(baseUrl, principalHeaders(principal, secret, { method, path: target(baseUrl, path) }));
  return {
    get: (path, headers) => as('GET', path).get(path, headers),
    post: (path, body, headers) => as('POST', path).post(path, body, headers),
    put: (path, body, headers) => as('PUT', path).put(path, body, headers),
    patch: (path, body, headers) => as('PATCH', path).patch(path, body, headers),
  };
}

export type ServiceUnderTest = Awaited<ReturnType<typeof startServiceUnderTest>>;
