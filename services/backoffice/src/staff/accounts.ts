import { randomUUID } from 'node:crypto';
import type { Db } from '../db.ts';
import { hashPassword, passwordMatches } from './passwords.ts';
import type { Role } from './roles.ts';

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export type SignInResult = { ok: true; staff: StaffMember } | { ok: false; reason: 'wrong-credentials' | 'locked' | 'disabled' };

const memberOf = (row: { id: string; username: string; displayName: string; role: string }): StaffMember => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role as Role,
});

/** Staff accounts: create or reset (setup, demo), and check a sign-in with lockout (docs/decisions.md 70). */
export function staffAccounts(db: Db, lockout: LockoutPolicy, now: () => Date = () => new Date()) {
  return {
    /** Creates the account, or sets its role, name and password if it exists. */
    async upsert(input: { username: string; password: string; role: Role; displayName?: string }): Promise<StaffMember> {
      const passwordHash = await hashPassword(input.password);
      const displayName = input.displayName ?? input.username;
      const row = await db.staffAccount.upsert({
        where: { username: input.username },
        create: { id: randomUUID(), username: input.username, displayName, role: input.role, passwordHash },
        update: { role: input.role, displayName, passwordHash, failedSignIns: 0, lockedUntil: null },
      });
      return memberOf(row);
    },

    /**
     * Always hashes, whether the account exists, is locked or not, so the answer's timing tells nothing. A wrong
     * password counts a failure; the `maxFailures`-th locks the account for `lockMs`. A success resets the count.
     */
    async signIn(username: string, password: string): Promise<SignInResult> {
      const account = await db.staffAccount.findUnique({ where: { username: username.trim().toLowerCase() } });
      const matches = await passwordMatches(account?.passwordHash, password);
      if (!account) return { ok: false, reason: 'wrong-credentials' };
      if (account.disabledAt) return { ok: false, reason: 'disabled' };
      const at = now();
      if (account.lockedUntil && account.lockedUntil > at) return { ok: false, reason: 'locked' };
      if (!matches) {
        // One statement, so wrong passwords sent at the same time all count. Locking resets the count.
        const lockedUntil = new Date(at.getTime() + lockout.lockMs);
        const [after] = await db.$queryRaw<{ locked: boolean }[]>`
          UPDATE staff_accounts
             SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= ${lockout.maxFailures} THEN 0 ELSE failed_sign_ins + 1 END,
                 locked_until = CASE WHEN failed_sign_ins + 1 >= ${lockout.maxFailures} THEN ${lockedUntil} ELSE locked_until END
           WHERE id = ${account.id}::uuid
       RETURNING locked_until IS NOT NULL AND locked_until > ${at} AS locked`;
        if (after?.locked) return { ok: false, reason: 'locked' };
        return { ok: false, reason: 'wrong-credentials' };
      }
      await db.staffAccount.update({ where: { id: account.id }, data: { failedSignIns: 0, lockedUntil: null } });
      return { ok: true, staff: memberOf(account) };
    },
  };
}
export type StaffAccounts = ReturnType<typeof staffAccounts>;
