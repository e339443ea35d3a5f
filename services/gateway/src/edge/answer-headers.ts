import type { MiddlewareHandler } from 'hono';
import { rateLimitHeadersOf } from '../auth/middleware.ts';
import { isBackofficePath } from '../backoffice-forwarding.ts';
import { holdsPersonalData } from './route-policy.ts';

/**
 * The reference page (/docs) runs the gateway's own copy of Swagger UI: scripts, styles and the document come from
 * the gateway and nowhere else. Swagger UI sets styles from script, hence 'unsafe-inline' for styles only.
 */
export const HTML_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON, files, problems: nothing in them may run or load anything, should a browser ever render one. */
export const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every answer gets, whatever produced it (a route, the cache, an idempotent replay, an error, the 413 of
 * the body limit): security headers, `Cache-Control: no-store` on personal data (route-policy.ts), and the rate limit
 * the request was counted against. Set on the finished answer, so no route can forget or override them.
 */
export function answerHeaders(options: { https: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    // The back-office app sets its own, stricter-where-it-matters policy for its pages (its forms post to itself).
    const ownPolicy = isBackofficePath(c.req.path) && headers.has('content-security-policy');
    if (!ownPolicy)
      headers.set('content-security-policy', headers.get('content-type')?.startsWith('text/html') ? HTML_POLICY : DATA_POLICY);
    headers.delete('x-powered-by');
    if (options.https) headers.set('strict-transport-security', 'max-age=31536000');
    if (holdsPersonalData(c.req.path)) headers.set('cache-control', 'no-store');
    const limits = rateLimitHeadersOf(c);
    if (limits) for (const [name, value] of Object.entries(limits)) headers.set(name, value);
  };
}
