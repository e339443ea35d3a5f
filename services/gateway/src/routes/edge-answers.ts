import type { OpenAPIHono } from '@hono/zod-openapi';
import { STAFF_USERNAME, statusTitle } from '@seminarwerk/http';
import { holdsPersonalData } from '../edge/route-policy.ts';
import { type ApiRoute, header, problem } from './openapi.ts';

/**
 * What the edge adds to every operation's answers, in the document: the problems it answers itself before or instead
 * of the route (authentication, scopes, limits, idempotency, an unreachable service) and the headers it sets
 * (answer-headers.ts, middleware.ts, idempotency.ts). Derived from the route, so no route can forget one.
 */

/** Headers the edge sets, described once in the document's components. */
const EDGE_HEADERS = {
  RequestId: header('The request id (yours, if you sent a valid `X-Request-Id`): quote it when you report a problem', {
    required: true,
    example: '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d',
  }),
  RateLimit: header(
    'The bucket this request was counted against: requests left (`r`) and seconds until it is full again (`t`), per draft-ietf-httpapi-ratelimit-headers. Absent only on a 413 refused before the caller was known',
    { example: '"partner";r=199;t=1' },
  ),
  RateLimitPolicy: header('The bucket: its size (`q`, the burst) and the seconds a full refill takes (`w`)', {
    example: '"partner";q=200;w=4',
  }),
  NoStore: header('Personal data or a secret: no cache may keep this answer', { required: true, example: 'no-store' }),
  IdempotentReplayed: header(
    '`true`: the stored answer to an earlier request with this Idempotency-Key and the same body; nothing ran again',
    { example: 'true' },
  ),
  RetryAfter: header('Seconds to wait before trying again', { example: '1' }),
  WwwAuthenticate: header('Send an API key as a bearer token', { example: 'Bearer' }),
};
type EdgeHeader = keyof typeof EDGE_HEADERS;
const ref = (name: EdgeHeader) => ({ $ref: `#/components/headers/${name}` });

/** The request header a delegating back-office key names the staff member with (auth/acting-staff.ts). */
const ACTING_STAFF = {
  name: 'X-Acting-Staff',
  in: 'header' as const,
  required: false,
  description:
    'Only for a back-office key with the scope `staff:delegate` (the back-office app): the user name of the staff member ' +
    'it acts for, recorded as actor `staff:<username>` in every event the request causes. Required on every POST, PUT, PATCH ' +
    'and DELETE of such a key (403 `acting-staff-required`); any other key sending it gets 403 `acting-staff-not-allowed`.',
  schema: { type: 'string' as const, pattern: STAFF_USERNAME.source },
  example: 'anna.schmidt',
};

export function registerEdgeHeaders(app: OpenAPIHono) {
  for (const [name, described] of Object.entries(EDGE_HEADERS)) app.openAPIRegistry.registerComponent('headers', name, described);
  app.openAPIRegistry.registerComponent('parameters', 'ActingStaff', ACTING_STAFF);
}

/** The problems the edge itself may answer an operation with, and why. */
function edgeProblems(route: ApiRoute, forwarded: boolean): Partial<Record<number, string>> {
  const post = route.method === 'post';
  const takesBody = route.request?.body !== undefined;
  const takesInput = post || takesBody || Boolean(route.request?.params || route.request?.query || route.request?.headers);
  const validation = `\`validation-failed\` (\`errors\` names each field)${takesBody ? ', `malformed-json`' : ''}${post ? ', `idempotency-key-required`' : ''}`;
  return {
    400: `${takesInput ? `${validation}, ` : ''}\`invalid-acting-staff\` (\`X-Acting-Staff\` is no staff user name)`,
    401: '`missing-api-key`, `invalid-api-key` (unknown, revoked or expired; also on public reads) or `invalid-authorization` (not `Bearer <key>`)',
    403:
      '`forbidden` (back office only), `insufficient-scope` (a key restricted to other scopes), `acting-staff-required` or ' +
      '`acting-staff-not-allowed` (see `X-Acting-Staff`)',
    ...(post
      ? {
          409: '`idempotency-key-in-use`: a request with this Idempotency-Key still runs, retry shortly',
          422: '`idempotency-key-reused`: this Idempotency-Key was used for another request',
        }
      : {}),
    413: '`body-too-large`: the body is larger than the limit (256 KiB), refused before it is read',
    ...(takesBody ? { 415: '`http-415`: the body is not sent as `application/json`' } : {}),
    429: '`rate-limited`: too many requests for this key or address; retry after `Retry-After` seconds',
    500: '`internal-error`: our fault; quote the `X-Request-Id`',
    ...(forwarded
      ? { 503: '`service-unavailable`: the owning service did not answer in time; retry (a POST with the same Idempotency-Key)' }
      : {}),
  };
}

/** The edge's headers on an answer with `status`. */
function edgeHeaders(route: ApiRoute, status: number) {
  const replayable = route.method === 'post' && status < 500 && status !== 429;
  return {
    'x-request-id': ref('RequestId'),
    ratelimit: ref('RateLimit'),
    'ratelimit-policy': ref('RateLimitPolicy'),
    ...(holdsPersonalData(route.path) ? { 'cache-control': ref('NoStore') } : {}),
    ...(replayable ? { 'idempotent-replayed': ref('IdempotentReplayed') } : {}),
    ...(status === 401 ? { 'www-authenticate': ref('WwwAuthenticate') } : {}),
    ...(status === 409 || status === 503 ? { 'retry-after': ref('RetryAfter') } : {}),
    ...(status === 429
      ? { 'retry-after': header('Seconds until the bucket holds a request again', { required: true, example: '1' }) }
      : {}),
  };
}

interface Answer {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

/**
 * The route with every answer the edge may give documented: its own answers with the edge's headers (the route's
 * own headers win), and the edge's problems, merged into a status the route documents already. `forwarded`: the
 * route calls a service, which may not answer (503).
 */
export function withEdgeAnswers<R extends ApiRoute>(route: R, { forwarded }: { forwarded: boolean }): R {
  const responses: Record<string, Answer> = {};
  for (const [status, answer] of Object.entries(route.responses as Record<string, Answer>)) {
    responses[status] = { ...answer, headers: { ...edgeHeaders(route, Number(status)), ...answer.headers } };
  }
  for (const [status, why] of Object.entries(edgeProblems(route, forwarded))) {
    if (why === undefined) continue;
    const own = responses[status];
    responses[status] = own
      ? { ...own, description: `${statusTitle(Number(status))}: ${why}; other refusals are named by the problem's \`type\`` }
      : { ...problem(`${statusTitle(Number(status))}: ${why}`), headers: edgeHeaders(route, Number(status)) };
  }
  const keyed = route.security.some((requirement) => 'apiKey' in requirement);
  return {
    ...route,
    ...(keyed ? { parameters: [...(route.parameters ?? []), { $ref: '#/components/parameters/ActingStaff' }] } : {}),
    responses,
  };
}
