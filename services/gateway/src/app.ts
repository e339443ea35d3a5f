import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp, type Metrics } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import type { ApiKeys } from './auth/api-keys.ts';
import { backofficeForwarding } from './backoffice-forwarding.ts';
import { loadConfig } from './config.ts';
import { defaultEdgeSettings, type EdgeSettings, firstMiddleware, installEdge } from './edge/edge.ts';
import { type IdempotencyStore, idempotency } from './idempotency/idempotency.ts';
import type { AccessRequests } from './privacy/access-requests.ts';
import type { Erasures } from './privacy/erasures.ts';
import type { Upstream } from './proxy.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { customerRoutes } from './routes/customers.ts';
import { docsRoutes } from './routes/docs.ts';
import { erasureRoutes } from './routes/erasures.ts';
import { eventRoutes } from './routes/events.ts';
import { invoicingRoutes } from './routes/invoicing.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { registrationRoutes } from './routes/registrations.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface GatewayDeps {
  logger: Logger;
  keys: ApiKeys;
  idempotencyStore: IdempotencyStore;
  upstreams: Record<'catalogue' | 'registration' | 'invoicing' | 'notification', Upstream>;
  readiness: Record<string, () => Promise<unknown>>;
  /** Which upstream services answer (upstream-health.ts), shown by `/health/ready`. */
  upstreamReport?: () => Record<string, string>;
  /** True once the gateway is shutting down: `/health/ready` answers 503 `stopping`. */
  isStopping?: () => boolean;
  /** The back-office web app (BACKOFFICE_URL), forwarded under /backoffice/; absent: not forwarded. */
  backofficeUrl?: string;
  /** Limits, trusted proxies, the public URL and the principal signing secret; default: config.ts's defaults. */
  edge?: EdgeSettings;
  /** Requests are measured into it; `/metrics` is served on this app only with `metricsOnPublicPort`. */
  metrics?: Metrics;
  metricsOnPublicPort?: boolean;
  /** Access requests (DSGVO Art. 15), built on signed upstreams (`signing`); absent: their routes answer 503. */
  accessRequests?: AccessRequests;
  /** Erasure requests (DSGVO Art. 17), built on signed upstreams (`signing`); absent: their routes answer 503. */
  erasures?: Erasures;
}

/** The public surface: authentication, idempotency, validation and the OpenAPI document. No business rules. */
export function createGateway(gatewayDeps: GatewayDeps): OpenAPIHono {
  const edge = gatewayDeps.edge ?? defaultEdgeSettings(loadConfig({}));
  // Every upstream signs the principals it passes on; routes take theirs from deps.upstreams.
  const deps = { ...gatewayDeps, upstreams: signing(gatewayDeps.upstreams, edge.principalSigningSecret) };
  const upstreamReport = deps.upstreamReport;
  const app = createApp({
    service: 'gateway',
    logger: deps.logger,
    readiness: deps.readiness,
    readinessReport: upstreamReport ? () => ({ upstreams: upstreamReport() }) : undefined,
    isStopping: deps.isStopping,
    first: firstMiddleware(edge),
    metrics: deps.metrics,
    serveMetrics: deps.metricsOnPublicPort ?? false,
  });
  installEdge(app, deps.keys, edge);
  if (deps.backofficeUrl) backofficeForwarding(app, { baseUrl: deps.backofficeUrl, bodyLimitBytes: edge.bodyLimitBytes });
  app.use('/v1/*', idempotency(deps.idempotencyStore));
  catalogueRoutes(app, deps.upstreams.catalogue);
  registrationRoutes(app, deps.upstreams.registration);
  invoicingRoutes(app, deps.upstreams.invoicing);
  customerRoutes(app, deps.upstreams.invoicing);
  apiKeyRoutes(app, deps.keys);
  adminRoutes(app, deps.upstreams.notification);
  webhookRoutes(app, deps.upstreams.notification);
  eventRoutes(app, deps.upstreams.notification);
  privacyRoutes(app, deps.accessRequests);
  erasureRoutes(app, deps.erasures);
  docsRoutes(app, edge.publicBaseUrl);
  app.get('/', (c) => c.redirect('/docs'));
  return app;
}

/** The upstreams with the principal signing secret set: every call through them signs its principal. */
export const signing = <U extends Record<string, Upstream>>(upstreams: U, principalSecret: string): U =>
  Object.fromEntries(Object.entries(upstreams).map(([name, upstream]) => [name, { ...upstream, principalSecret }])) as U;
