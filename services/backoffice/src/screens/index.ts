import { datenschutz } from './datenschutz.tsx';
import { emails } from './emails.tsx';
import { customers } from './kunden.tsx';
import { partnerAccess } from './partnerzugaenge.tsx';
import { programm } from './programm.tsx';
import { invoices } from './rechnungen.tsx';
import type { Screen } from './screen.ts';
import { termin } from './termin.tsx';
import { overview } from './uebersicht.tsx';

/**
 * Every screen of the back office. Adding a screen: write src/screens/<name>.tsx exporting a Screen, and add it
 * here (one line). Navigation, role check, sign-in and CSRF come with the registration (app.ts).
 */
export const SCREENS: readonly Screen[] = [overview, invoices, customers, programm, termin, emails, datenschutz, partnerAccess];
