import { randomUUID } from 'node:crypto';
import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Rejected } from '@seminarwerk/decider';
import { type Logger, withTrace } from '@seminarwerk/logging';
import type { Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type Metrics, metricsResponse, requestDurations } from './metrics.ts';
import { verifyPrincipals } from './principal.ts';
import { AppError, errorResponse, problemResponse, type RejectionProblem, statusTitle, validationError } from './problem.ts';
import { requestHeader } from './request-header.ts';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

/** How long one readiness check may take before it counts as failing, and how long its answer is kept. */
export const READINESS_TIMEOUT_MS = 1500;
export const READINESS_CACHE_MS = 1000;

export interface AppOptions {
  service: string;
  logger: Logger;
  readiness?: ReadinessChecks;
  /** The service's table of rejection codes (`rejectionProblems`), for the `Rejected` its code throws. */
  rejections?: RejectionProblem;
  /**
   * PRINCIPAL_SIGNING_SECRET: with it, a request naming a principal is answered 401 unless the gateway signed it
   * (`verifyPrincipals`). Without it (the gateway itself), `principalOf` knows no caller.
   */
  principalSecret?: string;
  /**
   * Middleware for every request, health checks and unknown paths included, right after the request id and before
   * anything else (the gateway's answer headers and body limit).
   */
  first?: readonly MiddlewareHandler[];
  /** True once the service is shutting down: `/health/ready` answers 503 `stopping` at once (runtime/service.ts). */
  isStopping?: () => boolean;
  /** More to say in `/health/ready`'s answer (the gateway: which upstream services answer). */
  readinessReport?: () => Record<string, unknown>;
  /** With it, every request is measured by its route pattern; `GET /metrics` serves it unless `serveMetrics` is false. */
  metrics?: Metrics;
  /** False where `/metrics` must not be public (the gateway serves it on a port of its own, `METRICS_PORT`). */
  serveMetrics?: boolean;
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * A request or correlation id a client may choose: it goes into every log line, Kafka header and e-mail trace, so
 * it is short and plain. Anything else is replaced by a fresh one.
 */
const TRACE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
export const traceIdOrNone = (value: string | undefined) => (value !== undefined && TRACE_ID.test(value) ? value : undefined);

/** Validation errors of OpenAPI routes get the same 400 problem as every other input error. */
export const validationHook: Hook<any, Env, any, any> = (result, c) => {
  if (result.success) return;
  return errorResponse(c, validationError(result.error.issues, result.target === 'json' ? 'body' : result.target));
};

/**
 * A Hono app with request and correlation ids, access logs, problem+json for every error,
 * `/health/live`, and `/health/ready`.
 */
export type ServiceApp = OpenAPIHono;

export function createApp({
  service,
  logger,
  readiness = {},
  rejections,
  principalSecret,
  first = [],
  isStopping = () => false,
  readinessReport = () => ({}),
  metrics,
  serveMetrics = true,
}: AppOptions): ServiceApp {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  // Not async, and one promise for the rest of the chain: every promise costs a hook call while
  // AsyncLocalStorage is on (Node 20), and this runs for every request.
  app.use((c, next) => {
    const requestId = traceIdOrNone(requestHeader(c, REQUEST_ID_HEADER)) ?? randomUUID();
    const correlationId = traceIdOrNone(requestHeader(c, CORRELATION_ID_HEADER)) ?? requestId;
    c.header(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    return withTrace({ requestId, correlationId }, () =>
      next().then(() => {
        if (c.req.path.startsWith('/health')) return;
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const status = c.res.status;
        logger[status >= 500 ? 'error' : 'info']({ method: c.req.method, path: c.req.path, status, ms }, 'request');
      }),
    );
  });

  if (metrics) app.use(requestDurations(metrics));
  for (const middleware of first) app.use(middleware);
  if (principalSecret) app.use(verifyPrincipals(principalSecret));

  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error);
    if (error instanceof Rejected && rejections) return errorResponse(c, rejections(error.rejection));
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 400) {
        return problemResponse(c, {
          status,
          code: 'malformed-json',
          title: statusTitle(status),
          detail: 'The request body is not valid JSON',
        });
      }
      return problemResponse(c, {
        status,
        code: `http-${status}`,
        title: statusTitle(status),
        detail: error.message || statusTitle(status),
      });
    }
    logger.error({ err: { message: error.message, name: error.name } }, 'unhandled error');
    return problemResponse(c, {
      status: 500,
      code: 'internal-error',
      title: statusTitle(500),
      detail: 'Something went wrong on our side. Quote the x-request-id header when you contact us.',
    });
  });

  app.notFound((c) =>
    problemResponse(c, {
      status: 404,
      code: 'route-not-found',
      title: statusTitle(404),
      detail: `There is no route ${c.req.method} ${c.req.path}`,
    }),
  );

  app.get('/health/live', (c) => c.json({ status: 'live', service }));
  if (metrics && serveMetrics) app.get('/metrics', () => metricsResponse(metrics));
  const checks = Object.entries(readiness).map(([name, check]) => [name, boundedAndCached(check)] as const);
  app.get('/health/ready', async (c) => {
    if (isStopping()) {
      return problemResponse(c, {
        status: 503,
        code: 'stopping',
        title: statusTitle(503),
        detail: `${service} is shutting down`,
        extensions: { service },
      });
    }
    const results: Record<string, 'ok' | string> = {};
    await Promise.all(
      checks.map(async ([name, check]) => {
        results[name] = await check().then(
          () => 'ok',
          (error: Error) => `failing: ${error.message}`,
        );
      }),
    );
    const down = Object.keys(results).filter((name) => results[name] !== 'ok');
    if (down.length === 0) return c.json({ status: 'ready', service, checks: results, ...readinessReport() });
    return problemResponse(c, {
      status: 503,
      code: 'not-ready',
      title: statusTitle(503),
      detail: down.map((name) => `${name} ${results[name]}`).join('; '),
      extensions: { service, down, checks: results, ...readinessReport() },
    });
  });

  return app;
}

/**
 * A readiness check that fails after READINESS_TIMEOUT_MS instead of hanging the probe, and whose outcome is kept for
 * READINESS_CACHE_MS with one check in flight at a time: a storm of probes costs the database and the broker nothing.
 */
function boundedAndCached(check: () => Promise<unknown>): () => Promise<unknown> {
  let last: { at: number; outcome: Promise<unknown> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < READINESS_CACHE_MS) return last.outcome;
    const outcome = withTimeout(check(), READINESS_TIMEOUT_MS);
    outcome.catch(() => {});
    last = { at: now, outcome };
    // Kept while it runs, and for READINESS_CACHE_MS after it settled.
    outcome
      .finally(() => {
        if (last?.outcome === outcome) last.at = Date.now();
      })
      .catch(() => {});
    return outcome;
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
