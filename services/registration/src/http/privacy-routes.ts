import { Email, Id } from '@seminarwerk/contracts';
import { actorOf, parseJson, requireBackOffice, type ServiceApp } from '@seminarwerk/http';
import { z } from 'zod';
import type { ParticipantErasure } from '../privacy/erasure.ts';
import { refusedTo } from './problems.ts';

/** An erasure as the gateway asks for it: the person by address or by one of their registrations. */
const ErasureInput = z.union([
  z.object({ erasureId: Id, email: Email }).strict(),
  z.object({ erasureId: Id, registrationId: Id }).strict(),
]);

/** The ledger's ids, applied again after a restore (at most what one person can have had). */
const ReapplyInput = z.object({
  erasureId: Id,
  registrationIds: z.array(Id).max(10_000),
  keyIds: z.array(Id).max(100_000),
});

/** Erasure (DSGVO Art. 17), asked by the gateway in the name of a back-office staff member (decisions.md 120). */
export function privacyRoutes(app: ServiceApp, erasure: ParticipantErasure) {
  app.post('/privacy/erasures', async (c) => {
    const principal = requireBackOffice(c);
    const input = await parseJson(c, ErasureInput);
    return c.json(await erasure.erase({ ...input, actor: actorOf(principal) }).catch(refusedTo(principal)));
  });
  app.post('/privacy/erasures/reapply', async (c) => {
    const principal = requireBackOffice(c);
    const { erasureId, registrationIds, keyIds } = await parseJson(c, ReapplyInput);
    return c.json(await erasure.reapply(erasureId, registrationIds, keyIds, actorOf(principal)));
  });
}
