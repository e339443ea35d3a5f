import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiKeys } from '../auth/api-keys.ts';
import { authenticate } from '../auth/middleware.ts';
import type { Config } from '../config.ts';
import { answerHeaders } from './answer-headers.ts';
import { bodyWithinLimit, declaredBodyLimit } from './body-limit.ts';
import { publicBaseUrl } from './public-url.ts';
import { type BucketPolicy, type PolicyName, type TokenBuckets, tokenBuckets } from './rate-limit.ts';

/** What the edge is configured with (config.ts), gathered for createGateway. */
export interface EdgeSettings {
  publicBaseUrl: string;
  /** Signs the principal of every call to a service (packages/http principal.ts). */
  principalSigningSecret: string;
  bodyLimitBytes: number;
  rateLimits: Readonly<Record<PolicyName, BucketPolicy>>;
  trustedProxies: readonly string[];
  /** The rate limiter's buckets; tests pass their own (with a clock they move). */
  buckets?: TokenBuckets;
}

export function edgeSettingsOf(config: Config, principalSigningSecret: string): EdgeSettings {
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    principalSigningSecret,
    bodyLimitBytes: config.REQUEST_BODY_LIMIT_BYTES,
    rateLimits: {
      partner: { name: 'partner', perSecond: config.RATE_LIMIT_PARTNER_PER_SECOND, burst: config.RATE_LIMIT_PARTNER_BURST },
      'back-office': { name: 'back-office', perSecond: config.RATE_LIMIT_BACKOFFICE_PER_SECOND, burst: config.RATE_LIMIT_BACKOFFICE_BURST },
      anonymous: { name: 'anonymous', perSecond: config.RATE_LIMIT_ANONYMOUS_PER_SECOND, burst: config.RATE_LIMIT_ANONYMOUS_BURST },
    },
    trustedProxies: config.TRUSTED_PROXIES,
  };
}

/** The defaults of config.ts, with a random signing secret (a gateway built without settings, e.g. in a test). */
export const defaultEdgeSettings = (config: Config): EdgeSettings => edgeSettingsOf(config, randomBytes(32).toString('base64url'));

/**
 * The edge in its order: for every request, before any route (createApp's `first`), the headers of every answer (they
 * wrap everything, errors included) and the declared body size; then on /v1 the caller (key, scopes, rate limit), the
 * body (read once, up to the limit), and the public base URL. Nothing before authentication reads the body.
 */
export const firstMiddleware = (settings: EdgeSettings) => [
  answerHeaders({ https: settings.publicBaseUrl.startsWith('https:') }),
  declaredBodyLimit(settings.bodyLimitBytes),
];

export function installEdge(app: OpenAPIHono, keys: ApiKeys, settings: EdgeSettings) {
  app.use(
    '/v1/*',
    authenticate({
      keys,
      buckets: settings.buckets ?? tokenBuckets(),
      policies: settings.rateLimits,
      trustedProxies: new Set(settings.trustedProxies),
    }),
  );
  app.use('/v1/*', bodyWithinLimit(settings.bodyLimitBytes));
  app.use('/v1/*', publicBaseUrl(settings.publicBaseUrl));
}
