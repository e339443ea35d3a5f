/**
 * What the gateway decides per route, in one place: which scope a restricted key needs, and which answers hold
 * personal data (never kept by any cache). Routes are named as in the OpenAPI document (`METHOD /v1/path/{param}`).
 */

export const SCOPES = ['registrations:write', 'registrations:read', 'invoices:read', 'catalogue:read', 'staff:delegate'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Not a restriction but a right, for back-office keys only: the key may name the staff member it acts for in
 * `X-Acting-Staff` (acting-staff.ts), and must on every write. A key whose only scope it is keeps its role's full rights.
 */
export const DELEGATE_SCOPE = 'staff:delegate' satisfies Scope;
/** The scopes that restrict what a key may do (all but the delegation). */
export const restrictingScopes = (scopes: readonly Scope[]) => scopes.filter((scope) => scope !== DELEGATE_SCOPE);

const catalogueRead: Scope[] = ['catalogue:read'];
const registrationsRead: Scope[] = ['registrations:read'];
const registrationsWrite: Scope[] = ['registrations:write'];
const invoicesRead: Scope[] = ['invoices:read'];

/**
 * The scopes a key with scopes needs for an operation (all of them). An operation not listed here needs a key without
 * scopes, which has its role's full rights: managing keys, customers, webhooks, the catalogue, invoice runs. So a new
 * route is closed to restricted keys until someone decides otherwise here. Roles are checked by the routes as before.
 */
export const REQUIRED_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  'GET /v1/seminars': catalogueRead,
  'GET /v1/seminars/{seminarId}': catalogueRead,
  'GET /v1/offerings': catalogueRead,
  'GET /v1/offerings.ics': catalogueRead,
  'GET /v1/offerings/{offeringId}': catalogueRead,
  'POST /v1/registrations': registrationsWrite,
  'POST /v1/registration-batches': registrationsWrite,
  'POST /v1/registrations/{registrationId}/cancel': registrationsWrite,
  'POST /v1/registrations/{registrationId}/substitute': registrationsWrite,
  'POST /v1/registrations/{registrationId}/attendance': registrationsWrite,
  'GET /v1/registrations': registrationsRead,
  'GET /v1/registrations/{registrationId}': registrationsRead,
  'GET /v1/invoices': invoicesRead,
  'GET /v1/invoices/{invoiceId}': invoicesRead,
  'GET /v1/invoices/{invoiceId}/pdf': invoicesRead,
  'GET /v1/invoices/{invoiceId}/xrechnung': invoicesRead,
  // The feed carries registration and invoice events alike.
  'GET /v1/events': [...registrationsRead, ...invoicesRead],
};

/** Paths whose answers name people or hold secrets: `Cache-Control: no-store` on every answer under them. */
export const PERSONAL_DATA_PATHS: readonly string[] = [
  '/v1/registrations',
  '/v1/registration-batches',
  '/v1/invoices',
  '/v1/invoice-positions',
  '/v1/invoice-runs',
  '/v1/customers',
  '/v1/notifications',
  '/v1/webhook-subscriptions',
  '/v1/api-keys',
  '/v1/events',
  '/v1/privacy',
];

export const holdsPersonalData = (path: string) =>
  PERSONAL_DATA_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));

/** `GET /v1/registrations/:registrationId` (Hono's pattern) as the table names it: `GET /v1/registrations/{registrationId}`. */
export const operationName = (method: string, routePath: string) =>
  `${method.toUpperCase()} ${routePath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`;

/** May a key restricted to `granted` run the operation? If not, what would it need. */
export function scopeCheck(operation: string, granted: readonly Scope[]): { allowed: true } | { allowed: false; needs: string } {
  const required = REQUIRED_SCOPES[operation];
  if (!required) return { allowed: false, needs: 'a key without scopes' };
  const missing = required.filter((scope) => !granted.includes(scope));
  return missing.length === 0 ? { allowed: true } : { allowed: false, needs: `the scope ${missing.join(' and ')}` };
}
