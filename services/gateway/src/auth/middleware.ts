import { AppError, type Principal, requestHeader } from '@seminarwerk/http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { matchedRoutes } from 'hono/route';
import { clientAddress, rateLimitKeyOf } from '../edge/client-address.ts';
import { type BucketPolicy, type Decision, type PolicyName, rateLimitHeaders, type TokenBuckets } from '../edge/rate-limit.ts';
import { operationName, scopeCheck } from '../edge/route-policy.ts';
import { actingPrincipal } from './acting-staff.ts';
import { type ApiKeys, type Caller, hashKey } from './api-keys.ts';

const PRINCIPAL = 'principal';
const CALLER = 'caller';
const RATE_LIMIT = 'rateLimitHeaders';

/** Longer than any key we issue or accept: nothing longer is worth hashing. */
const MAX_KEY_LENGTH = 512;

export interface CallerGate {
  keys: ApiKeys;
  buckets: TokenBuckets;
  policies: Readonly<Record<PolicyName, BucketPolicy>>;
  trustedProxies: ReadonlySet<string>;
}

/**
 * Who is calling and whether they may, before anything reads the body: the API key (`Authorization: Bearer`, when
 * present; routes decide whether they need one), its scopes for this route, and its rate limit. Requests without a
 * valid key count against their client address. An address that has used up its bucket gets 429 before an unknown
 * key is even looked up, so random keys cannot make the gateway query the database faster than that rate.
 */
export function authenticate(gate: CallerGate): MiddlewareHandler {
  // Without a header, or with a remembered key, nothing is awaited here: this runs for every request.
  return (c, next) => {
    const header = requestHeader(c, 'authorization');
    if (!header) return admit(c, next, gate, addressBucket(c, gate), gate.policies.anonymous);
    const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (key === undefined || key.length > MAX_KEY_LENGTH) {
      charge(c, gate, addressBucket(c, gate), gate.policies.anonymous);
      throw new AppError(401, 'invalid-authorization', 'Use the header "Authorization: Bearer <api key>"');
    }
    const hash = hashKey(key);
    const known = gate.keys.remembered(hash);
    return known ? admitCaller(c, next, gate, known) : lookUpThenAdmit(c, next, gate, hash);
  };
}

async function lookUpThenAdmit(c: Context, next: Next, gate: CallerGate, hash: string): Promise<void> {
  const address = addressBucket(c, gate);
  const before = gate.buckets.peek(address, gate.policies.anonymous);
  if (!before.allowed) refuse(c, gate.policies.anonymous, before);
  const caller = await gate.keys.lookUp(hash);
  if (!caller) {
    charge(c, gate, address, gate.policies.anonymous);
    c.header('www-authenticate', 'Bearer');
    throw new AppError(401, 'invalid-api-key', 'The API key is unknown, revoked or expired');
  }
  await admitCaller(c, next, gate, caller);
}

function admitCaller(c: Context, next: Next, gate: CallerGate, caller: Caller) {
  c.set(CALLER as never, caller as never);
  const policy = gate.policies[caller.role];
  const decision = charge(c, gate, `key:${caller.principal.keyId}`, policy);
  if (!decision.allowed) refuse(c, policy, decision);
  const handler = routeOf(c);
  // A request to no route is answered 404 `route-not-found` for every key, restricted or not.
  if (caller.scopes && handler) {
    const check = scopeCheck(operationName(c.req.method, handler.path), caller.scopes);
    if (!check.allowed) throw new AppError(403, 'insufficient-scope', `This key may not do this: it needs ${check.needs}`);
  }
  c.set(PRINCIPAL as never, actingPrincipal(c, caller) as never);
  return next();
}

function admit(c: Context, next: Next, gate: CallerGate, bucket: string, policy: BucketPolicy) {
  const decision = charge(c, gate, bucket, policy);
  if (!decision.allowed) refuse(c, policy, decision);
  return next();
}

/** The route that will answer the request (not a middleware), if there is one. */
const routeOf = (c: Context) => matchedRoutes(c).findLast((route) => route.method !== 'ALL');
export const hasRoute = (c: Context) => routeOf(c) !== undefined;

const addressBucket = (c: Context, gate: CallerGate) => `address:${rateLimitKeyOf(clientAddress(c, gate.trustedProxies))}`;

function charge(c: Context, gate: CallerGate, bucket: string, policy: BucketPolicy): Decision {
  const decision = gate.buckets.take(bucket, policy);
  c.set(RATE_LIMIT as never, rateLimitHeaders(policy, decision) as never);
  return decision;
}

function refuse(c: Context, policy: BucketPolicy, decision: Decision): never {
  c.set(RATE_LIMIT as never, rateLimitHeaders(policy, decision) as never);
  const seconds = decision.retryAfterSeconds;
  throw new AppError(429, 'rate-limited', `Too many requests; retry in ${seconds} s`, { retryAfterSeconds: seconds });
}

/** The `RateLimit-Policy` and `RateLimit` headers for this request's answer, once a bucket was charged. */
export const rateLimitHeadersOf = (c: Context) => c.get(RATE_LIMIT as never) as Record<string, string> | undefined;

export function requirePrincipal(c: Context): Principal {
  const principal = principalIfAny(c);
  if (!principal) {
    c.header('www-authenticate', 'Bearer');
    throw new AppError(401, 'missing-api-key', 'This route needs an API key: send "Authorization: Bearer <api key>"');
  }
  return principal;
}

export function requireStaff(c: Context): Principal {
  const principal = requirePrincipal(c);
  if (principal.kind !== 'back-office') throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
  return principal;
}

/** The caller's principal when a valid key was sent: public reads pass it on, so the back office also sees drafts. */
export function principalIfAny(c: Context): Principal | undefined {
  return c.get(PRINCIPAL as never) as Principal | undefined;
}
