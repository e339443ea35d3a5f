import { randomBytes } from 'node:crypto';
import type { StaffSeed } from '@seminarwerk/testing';

/** The demo's staff: one account per role, with a password made once per checkout and kept in demo-keys.json. */
export function demoStaff(known: readonly StaffSeed[] | undefined): StaffSeed[] {
  const roles = [
    ['sachbearbeitung', 'Sabine Sachbearbeitung'],
    ['rechnungswesen', 'Rainer Rechnungswesen'],
    ['admin', 'Anna Administration'],
  ] as const;
  return roles.map(([role, displayName]) => {
    const kept = known?.find((s) => s.username === role);
    // 14+ characters: long enough for the app's minimum, short enough to type from the terminal.
    return { username: role, password: kept?.password ?? `${role}-${randomBytes(9).toString('base64url')}`, role, displayName };
  });
}
