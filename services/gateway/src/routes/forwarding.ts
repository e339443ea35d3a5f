import type { OpenAPIHono, RouteConfig, RouteConfigToTypedResponse, RouteHandler, z } from '@hono/zod-openapi';
import { type Principal, requestTarget } from '@seminarwerk/http';
import type { Context, MiddlewareHandler } from 'hono';
import { withBytes } from '../caching.ts';
import { idempotencyKeyToForward } from '../idempotency/idempotency.ts';
import { type ForwardedResponse, forward, type PassedOnHeader, queryString, type Upstream } from '../proxy.ts';
import { withEdgeAnswers } from './edge-answers.ts';
import type { ApiRoute } from './openapi.ts';

/**
 * Every public route is "parse, forward, answer": the route's schemas parse, one helper forwards, the service's
 * answer goes back as it came. What differs per route is declared here, in one place: who may call, the service's
 * path, and the few deviations (a query the edge completes, a body built from the path, a longer timeout).
 */

type Output<S> = S extends z.ZodType ? z.output<S> : never;
/** The validated parts of a request to route R, typed by its schemas. */
export type ParamsOf<R extends RouteConfig> = R['request'] extends { params: infer P } ? Output<P> : Record<string, never>;
export type QueryOf<R extends RouteConfig> = R['request'] extends { query: infer Q } ? Output<Q> : undefined;
export type BodyOf<R extends RouteConfig> = R['request'] extends { body: { content: { 'application/json': { schema: infer S } } } }
  ? Output<S>
  : undefined;

/**
 * Who may call, and the principal the service learns: `requireStaff`, `requirePrincipal`, `principalIfAny` (public
 * reads, passing a key on) or `anonymously`. Checked before the route reads the body.
 */
export type Caller = (c: Context) => Principal | undefined;
export const anonymously: Caller = () => undefined;

export interface Forwarding<R extends RouteConfig> {
  caller: Caller;
  /** The service's path; `{name}` stands for the route's path parameter of that name. The validated query follows. */
  to: string;
  /** The query the service gets instead of the validated one. */
  query?: (query: QueryOf<R>, principal: Principal | undefined, c: Context) => Record<string, unknown>;
  /** The body the service gets instead of the validated one. */
  body?: (body: BodyOf<R>, params: ParamsOf<R>) => unknown;
  /** The service's headers the client sees besides the content type (proxy.ts); default `Retry-After` and `Content-Disposition`. */
  passOn?: readonly PassedOnHeader[];
  /** What the service is asked for; default JSON. */
  accept?: string;
  /** How long the service may take; default proxy.ts's. */
  timeoutMs?: number;
}

/** A gate that runs before the route's validators, so nobody without the right to call makes the gateway parse a body. */
const gate =
  (caller: Caller): MiddlewareHandler =>
  (c, next) => {
    caller(c);
    return next();
  };

/** Registers routes that forward to `upstream`: `forwarded(route, { caller, to })`. */
export function forwardingTo(app: OpenAPIHono, upstream: Upstream) {
  return <R extends ApiRoute>(route: R, forwarding: Forwarding<R>) => {
    const servicePath = pathOf(forwarding.to, route.path);
    const handler = async (c: Context): Promise<RouteConfigToTypedResponse<R>> => {
      const principal = forwarding.caller(c);
      const params = c.req.valid('param' as never) as ParamsOf<R>;
      const query = c.req.valid('query' as never) as QueryOf<R>;
      const body = c.req.valid('json' as never) as BodyOf<R>;
      const response = await forward(upstream, {
        method: route.method.toUpperCase(),
        path: `${servicePath(params)}${queryString((forwarding.query ? forwarding.query(query, principal, c) : query) ?? {})}`,
        publicPath: requestTarget(c),
        principal,
        idempotencyKey: idempotencyKeyToForward(c),
        body: forwarding.body ? forwarding.body(body, params) : body,
        accept: forwarding.accept,
        timeoutMs: forwarding.timeoutMs,
      });
      // The service's bytes are the route's answer: typed here by the route, checked against its schemas at run time by
      // the contract test (packages/testing openapi-contract.ts), never parsed by the gateway.
      return relay(c, response, forwarding.passOn) as unknown as RouteConfigToTypedResponse<R>;
    };
    app.openapi({ ...withEdgeAnswers(route, { forwarded: true }), middleware: [gate(forwarding.caller)] }, handler as never);
  };
}

/** Registers a route the gateway answers itself (API keys): the same gate and documented edge answers, no service. */
export function served<R extends ApiRoute>(app: OpenAPIHono, route: R, caller: Caller, handler: RouteHandler<R>) {
  app.openapi({ ...withEdgeAnswers(route, { forwarded: false }), middleware: [gate(caller)] }, handler as never);
}

/**
 * `/offerings/{offeringId}/capacity` filled from the validated parameters. Every `{name}` must be a parameter of the
 * public path: checked when the route is registered, so a typo fails at start-up (and in every test), not per request.
 */
function pathOf(template: string, publicPath: string): (params: Record<string, unknown> | undefined) => string {
  const publicParams = new Set([...publicPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (!publicParams.has(name)) throw new Error(`${template}: {${name}} is no parameter of ${publicPath}`);
  }
  return (params) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params?.[name])));
}

/**
 * The owning service's answer, unchanged: status, bytes, content type, and the headers `passOn` names. Not its `ETag`
 * or `Cache-Control` unless asked: the gateway's read cache sets its own (caching.ts), and Hono copies the headers of
 * a relayed answer over the cached answer that replaces it. An answer without a body (204) has no content type.
 */
export function relay(
  c: Context,
  response: ForwardedResponse,
  passOn: readonly PassedOnHeader[] = ['retry-after', 'content-disposition'],
): Response {
  const headers: Record<string, string> = {};
  for (const name of passOn) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (response.status === 204 || response.status === 304) return c.body(null, response.status, headers);
  return withBytes(c.body(response.body, response.status as 200, { ...headers, 'content-type': response.contentType }), response.body);
}
