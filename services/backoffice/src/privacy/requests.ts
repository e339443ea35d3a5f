import type { Db } from '../db.ts';

/** Auskunft (DSGVO Art. 15) or Löschung (Art. 17). */
export const PRIVACY_REQUEST_KINDS = ['access', 'erasure'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

/** A request as the back office remembers it: which one, what kind, who started it and when. Never whom it is about. */
export interface StartedRequest {
  id: string;
  kind: PrivacyRequestKind;
  startedBy: string;
  startedAt: Date;
}

/**
 * The requests staff started through the back office (`privacy_requests`): the gateway has no list of them, so this
 * is how staff find one again. Its status is always read from the gateway (decisions.md 135).
 */
export function privacyRequests(db: Db, now: () => Date = () => new Date()) {
  return {
    /** Remembers a request the gateway accepted; the same id twice (a replayed answer) is kept once. */
    async record(id: string, kind: PrivacyRequestKind, staffId: string): Promise<void> {
      await db.privacyRequest.upsert({ where: { id }, create: { id, kind, startedBy: staffId, startedAt: now() }, update: {} });
    },

    /** `limit` requests, newest first, after skipping `offset`; the starter by name. */
    async recent(limit: number, offset = 0): Promise<StartedRequest[]> {
      const rows = await db.privacyRequest.findMany({
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
        include: { starter: { select: { displayName: true } } },
      });
      return rows.map((r) => ({ id: r.id, kind: r.kind as PrivacyRequestKind, startedBy: r.starter.displayName, startedAt: r.startedAt }));
    },
  };
}
export type PrivacyRequests = ReturnType<typeof privacyRequests>;
