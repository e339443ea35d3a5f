import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One service's Prometheus metrics: a registry of its own (tests run several services in one process, and a metric
 * name may be registered once per registry), labelled with the service, with Node's process metrics.
 * prom-client is imported here only: services make their metrics through this.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(config: { name: string; help: string; labelNames?: readonly L[] }) {
    return new Counter<L>({ ...config, registers: [this.registry] });
  }

  /** `collect` runs on every scrape (e.g. a COUNT over a small partial index); its failure fails only this metric. */
  gauge<L extends string = never>(config: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    collect?: (this: Gauge<L>) => Promise<void> | void;
  }) {
    return new Gauge<L>({ ...config, registers: [this.registry] });
  }

  histogram<L extends string = never>(config: { name: string; help: string; labelNames?: readonly L[]; buckets?: number[] }) {
    return new Histogram<L>({ ...config, registers: [this.registry] });
  }

  /** The Prometheus text format of every metric. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

/** Health probes and scrapes are not the traffic anyone wants to see in the request histogram. */
const unmeasured = (path: string) => path === '/metrics' || path.startsWith('/health/');

/**
 * The route pattern that served the request (`/registrations/:id`), never the raw path: a label value per id would
 * grow the series without bound. The first handler registered for a method is the one Hono lets answer; a request no
 * handler matched (404, or refused by a middleware before any route) is named by the middleware's pattern (`*`).
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  return routes.find((r) => r.method !== 'ALL')?.path ?? routes.at(c.req.routeIndex)?.path ?? '*';
}

/** `http_request_duration_seconds{method, route, status}` for every request but health checks and scrapes. */
export function requestDurations(metrics: Metrics): MiddlewareHandler {
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, matched route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return (c, next) => {
    if (unmeasured(c.req.path)) return next();
    const started = performance.now();
    return next().then(() => {
      duration.observe({ method: c.req.method, route: routeOf(c), status: String(c.res.status) }, (performance.now() - started) / 1000);
    });
  };
}

/** `GET /metrics`: the registry in Prometheus text format. */
export async function metricsResponse(metrics: Metrics): Promise<Response> {
  const { body, contentType } = await metrics.text();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}

/** An app that serves `GET /metrics` and nothing else, for a port of its own (the gateway's METRICS_PORT). */
export const metricsOnly = (metrics: Metrics) => ({
  fetch: (request: Request) =>
    request.method === 'GET' && new URL(request.url).pathname === '/metrics'
      ? metricsResponse(metrics)
      : new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } }),
});

/**
 * One query for several gauges of one scrape: prom-client collects every metric at once, so gauges that share a
 * query call this and the calls of one scrape share one read.
 */
export function sharedPerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= read().finally(() => setTimeout(() => (inFlight = undefined), 100).unref());
    return inFlight;
  };
}
