import type { MiddlewareHandler } from 'hono';

/**
 * No inline script or style anywhere: the CSS and fonts come from the app (the KERN package, assets.ts), icons are
 * data: URIs in KERN's CSS. Forms post to the app only. (docs/decisions.md 71)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every answer of the app; HTML pages are personal data and never cached. */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
};

/**
 * A request some other site made the browser send. `Sec-Fetch-Site` decides where the browser sends it (every current
 * one); else an `Origin` naming another origin. `Origin: null` is what Chromium sends under `Referrer-Policy:
 * no-referrer` (the gateway's), so it proves nothing either way. Absent headers (old browsers, curl) leave it to the
 * CSRF token, which is checked in every case.
 */
export function isCrossSite(
  headers: { get(name: string): string | undefined | null },
  publicOrigin: string,
  requestOrigin: string,
): boolean {
  const site = headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.get('origin');
  return Boolean(origin && origin !== 'null' && origin !== publicOrigin && origin !== requestOrigin);
}
