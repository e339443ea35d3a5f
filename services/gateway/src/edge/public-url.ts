import type { MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** PUBLIC_BASE_URL: where clients reach the API. Public links are built from it, never from the request's Host. */
    publicBaseUrl: string;
  }
}

/** Makes PUBLIC_BASE_URL available to routes as `c.var.publicBaseUrl`. */
export const publicBaseUrl =
  (url: string): MiddlewareHandler =>
  (c, next) => {
    c.set('publicBaseUrl', url);
    return next();
  };
