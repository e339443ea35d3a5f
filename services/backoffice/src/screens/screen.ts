import type { Hono } from 'hono';
import type { BackofficeEnv } from '../http/env.ts';
import type { Area } from '../staff/roles.ts';

/**
 * One screen of the back office: a file in src/screens/ exporting a Screen, and one line in screens/index.ts.
 * Its routes are registered on a router mounted at `/backoffice<path>`, behind sign-in, the CSRF check and the
 * role check of its area (staff/roles.ts): a screen never checks roles or tokens itself.
 */
export interface Screen {
  /** Under /backoffice: `/` (Übersicht), `/programm`, `/rechnungen`, … Lower case German, no trailing slash. */
  path: string;
  /** Who may open it: `overview` (everyone), `catalogue`, `billing`, `administration`. */
  area: Area;
  /** Its entry in the main navigation, in `order`; none for screens reached from another (e.g. one Termin). */
  nav?: { label: string; order: number };
  /** Routes relative to `path`: `router.get('/', …)`, `router.post('/:id/absagen', …)`. */
  routes(router: Hono<BackofficeEnv>): void;
}
