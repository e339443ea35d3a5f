import type { Context } from 'hono';
import type { StaffApi } from '../api/gateway.ts';
import type { PrivacyRequests } from '../privacy/requests.ts';
import type { StaffSession } from '../staff/sessions.ts';

export interface NavEntry {
  label: string;
  href: string;
}

/** What every signed-in request carries (set by http/session.ts). */
export interface BackofficeEnv {
  Variables: {
    session: StaffSession;
    /** The API as the signed-in staff member (api/gateway.ts). */
    api: StaffApi;
    /** The parsed form of a POST, read once by the CSRF check. */
    form: FormFields;
    /** The main navigation for the staff member's role (screens/index.ts). */
    nav: readonly NavEntry[];
    /** The data protection requests started through the back office (privacy/requests.ts). */
    privacyRequests: PrivacyRequests;
  };
}
export type BackofficeContext = Context<BackofficeEnv>;

/** A submitted form: single values by name (a name given twice keeps the last, like most servers). */
export type FormFields = Record<string, string>;

/** Every URL of the app is under this prefix, which the gateway forwards (decisions.md 73). */
export const BASE = '/backoffice';
export const href = (path: string) => `${BASE}${path === '/' ? '/' : path}`;
