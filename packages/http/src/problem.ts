import type { Rejection } from '@seminarwerk/decider';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { requestHeader } from './request-header.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  field: string;
  detail: string;
}

export interface ProblemInit {
  status: ContentfulStatusCode;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
}

/**
 * The path (and query) the client called at the gateway, sent along with every forwarded request: a service's
 * problem names it as `instance`, not its own internal path (`/registrations`), which means nothing to a client.
 */
export const PUBLIC_PATH_HEADER = 'x-public-path';

/** Only a public API path is believed: printable ASCII (as a request target is), bounded, under /v1/. */
const PUBLIC_PATH = /^\/v1\/[\x21-\x7e]{0,2000}$/;

const isPublicPath = (path: string | undefined): path is string => path !== undefined && PUBLIC_PATH.test(path);

/** The header the gateway sends a service for a request to `publicPath`: none for a path the service would not believe. */
export const publicPathHeaders = (publicPath: string): Record<string, string> =>
  isPublicPath(publicPath) ? { [PUBLIC_PATH_HEADER]: publicPath } : {};

/** What a problem's `instance` names: the public path the gateway passed on, or else this request's own path. */
export function problemInstance(c: Context): string {
  const publicPath = requestHeader(c, PUBLIC_PATH_HEADER);
  return isPublicPath(publicPath) ? publicPath : c.req.path;
}

/** Problem type URIs name the error code; docs/api.md explains each. */
export const problemType = (code: string) => `https://seminarwerk.example/problems/${code}`;

/** An RFC 9457 problem details response. */
export function problemResponse(c: Context, init: ProblemInit): Response {
  const body = {
    type: problemType(init.code),
    title: init.title,
    status: init.status,
    detail: init.detail,
    instance: problemInstance(c),
    ...(init.errors ? { errors: init.errors } : {}),
    ...init.extensions,
  };
  const retryAfter = init.extensions?.retryAfterSeconds;
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return c.body(JSON.stringify(body), init.status, headers);
}

/**
 * An expected failure with a code, raised anywhere and turned into problem+json at the edge.
 * `detail` is shown to the client: never put personal data or internals in it.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

const titles: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
export const statusTitle = (status: number) => titles[status] ?? 'Error';

/** One 400 for every invalid input, naming each field that is wrong. */
export function validationError(issues: readonly { path: PropertyKey[]; message: string }[], what: string): AppError {
  const errors: FieldError[] = issues.map((issue) => ({
    field: issue.path.map(String).join('.') || `(${what})`,
    detail: issue.message,
  }));
  const summary = errors.map((e) => `${e.field}: ${e.detail}`).join('; ');
  return new AppError(400, 'validation-failed', `The request ${what} is invalid: ${summary}`, { errors });
}

export function errorResponse(c: Context, error: AppError): Response {
  return problemResponse(c, {
    status: error.status,
    code: error.code,
    title: statusTitle(error.status),
    detail: error.detail,
    extensions: error.extensions,
  });
}

/** How a service answers each of its rejection codes: exhaustive, so a new code that is not mapped fails the typecheck. */
export type RejectionStatuses<Code extends string> = { readonly [C in Code]: ContentfulStatusCode };

/** Turns a domain rejection into the problem it is answered with. */
export type RejectionProblem = (rejection: Rejection) => AppError;

/**
 * The one place per service where rejection codes become HTTP: the status from the table, the code as the
 * problem type, the fields at fault as `errors`, and whatever `extensions` adds from the rejection.
 */
export function rejectionProblems<Code extends string, R extends Rejection<Code> = Rejection<Code>>(
  statuses: RejectionStatuses<Code>,
  extensions: (rejection: R) => Record<string, unknown> = () => ({}),
): RejectionProblem {
  return (rejection) => {
    const status = statuses[rejection.code as Code];
    if (status === undefined) throw new Error(`No status for rejection code ${rejection.code}`);
    const errors = rejection.fields ? { errors: rejection.fields.map((f) => ({ field: f.field, detail: f.detail })) } : {};
    return new AppError(status, rejection.code, rejection.detail, { ...errors, ...extensions(rejection as R) });
  };
}
