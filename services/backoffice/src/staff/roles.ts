import { z } from 'zod';

/**
 * What a staff member may do, by role (docs/decisions.md 69). A screen names the roles that may open it; `admin`
 * may open everything.
 */
export const ROLES = ['sachbearbeitung', 'rechnungswesen', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  sachbearbeitung: 'Sachbearbeitung',
  rechnungswesen: 'Rechnungswesen',
  admin: 'Administration',
};

/** The areas of work, and who works in them. Screens name an area, not a list of roles. */
export const AREAS = {
  /** The start page: everyone. */
  overview: ['sachbearbeitung', 'rechnungswesen', 'admin'],
  /** Seminars, dates, registrations. */
  catalogue: ['sachbearbeitung', 'admin'],
  /** Invoices, customers, payments. */
  billing: ['rechnungswesen', 'admin'],
  /** The e-mail log: participants' mails are Sachbearbeitung's, invoice mails Rechnungswesen's (decisions.md 88). */
  mail: ['sachbearbeitung', 'rechnungswesen', 'admin'],
  /** Data protection requests of participants: access exports and erasure (decisions.md 135). */
  privacy: ['sachbearbeitung', 'admin'],
  /** Staff accounts and partner API keys. */
  administration: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Area = keyof typeof AREAS;

export const mayWorkIn = (role: Role, area: Area): boolean => (AREAS[area] as readonly Role[]).includes(role);
