import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import type { ApiKeys } from './auth/api-keys.ts';
import { authenticate } from './auth/middleware.ts';
import { type IdempotencyStore, idempotency } from './idempotency/idempotency.ts';
import type { Upstream } from './proxy.ts';
import { adminRoutes } from './routes/admin.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { customerRoutes } from './routes/customers.ts';
import { docsRoutes } from './routes/docs.ts';
import { invoicingRoutes } from './routes/invoicing.ts';
import { registrationRoutes } from './routes/registrations.ts';

export interface GatewayDeps {
  logger: Logger;
  keys: ApiKeys;
  idempotencyStore: IdempotencyStore;
  upstreams: Record<'catalogue' | 'registration' | 'invoicing' | 'notification', Upstream>;
  readiness: Record<string, () => Promise<unknown>>;
}

/** The public surface: authentication, idempotency, validation and the OpenAPI document. No business rules. */
export function createGateway(deps: GatewayDeps): OpenAPIHono {
  const app = createApp({ service: 'gateway', logger: deps.logger, readiness: deps.readiness });
  app.use('/v1/*', authenticate(deps.keys));
  app.use('/v1/*', idempotency(deps.idempotencyStore));
  catalogueRoutes(app, deps.upstreams.catalogue);
  registrationRoutes(app, deps.upstreams.registration);
  invoicingRoutes(app, deps.upstreams.invoicing);
  customerRoutes(app, deps.upstreams.invoicing);
  adminRoutes(app, deps.keys, deps.upstreams.notification);
  docsRoutes(app);
  app.get('/', (c) => c.redirect('/docs'));
  return app;
}
