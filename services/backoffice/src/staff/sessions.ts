import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db.ts';
import type { StaffMember } from './accounts.ts';
import type { Role } from './roles.ts';

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export interface StaffSession {
  staff: StaffMember;
  /** The synchronizer token every form of this session carries (`_csrf`). */
  csrfToken: string;
}

/** The table keeps the token's hash only: a copy of the database signs nobody in. */
const idOf = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Server-side sessions with an idle timeout and an absolute lifetime (docs/decisions.md 69). */
export function staffSessions(db: Db, policy: SessionPolicy, now: () => Date = () => new Date()) {
  return {
    /** A new session; the token goes into the cookie and nowhere else. */
    async start(staff: StaffMember): Promise<{ token: string; session: StaffSession }> {
      const token = newToken();
      const at = now();
      const csrfToken = newToken();
      await db.staffSession.create({
        data: {
          id: idOf(token),
          staffId: staff.id,
          csrfToken,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: new Date(at.getTime() + policy.maxMs),
        },
      });
      return { token, session: { staff, csrfToken } };
    },

    /** The live session of a cookie's token, its last use moved to now; expired or idle ones are deleted. */
    async resume(token: string | undefined): Promise<StaffSession | undefined> {
      if (!token || !TOKEN.test(token)) return undefined;
      const id = idOf(token);
      const at = now();
      const row = await db.staffSession.findUnique({ where: { id }, include: { staff: true } });
      if (!row) return undefined;
      const idle = at.getTime() - row.lastSeenAt.getTime() > policy.idleMs;
      if (idle || row.expiresAt <= at || row.staff.disabledAt) {
        await db.staffSession.deleteMany({ where: { id } });
        return undefined;
      }
      await db.staffSession.update({ where: { id }, data: { lastSeenAt: at } });
      const { staff } = row;
      return {
        staff: { id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role as Role },
        csrfToken: row.csrfToken,
      };
    },

    async end(token: string | undefined): Promise<void> {
      if (token && TOKEN.test(token)) await db.staffSession.deleteMany({ where: { id: idOf(token) } });
    },

    /** Deletes sessions that are over; run now and then. */
    async purgeExpired(): Promise<number> {
      const at = now();
      const { count } = await db.staffSession.deleteMany({
        where: { OR: [{ expiresAt: { lte: at } }, { lastSeenAt: { lt: new Date(at.getTime() - policy.idleMs) } }] },
      });
      return count;
    },
  };
}
export type StaffSessions = ReturnType<typeof staffSessions>;
