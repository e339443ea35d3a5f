import {
  AttendanceInput,
  CancelInput,
  RegistrationBatchInput,
  RegistrationInput,
  RegistrationQuery,
  RegistrationSummaryQuery,
  SubjectQuery,
  SubstituteInput,
} from '@seminarwerk/contracts/api';
import {
  type Principal,
  parseJson,
  parseOptionalJson,
  parseValue,
  principalOf,
  requireBackOffice,
  type ServiceApp,
  uuidParam,
} from '@seminarwerk/http';
import type { BatchDecided, groupBooking } from '../app/group-booking.ts';
import { idempotencyOf, idempotentCommands, withIdempotency } from '../app/idempotent-commands.ts';
import type { RegistrationService } from '../app/registration-service.ts';
import { registrationSummaries } from '../app/registration-summaries.ts';
import { subjectData } from '../app/subject-data.ts';
import { batchResult } from './batch-outcome.ts';
import { refusedTo } from './problems.ts';

const notFound = { code: 'registration-not-found', detail: 'There is no registration with this id' };

/**
 * Internal API, called by the gateway only. Bodies are validated whole before anything is decided; every refusal is
 * answered to the principal who asked (`refusedTo`), so it names only registrations they may see.
 */
export function registrationRoutes(app: ServiceApp, registrations: RegistrationService, book: ReturnType<typeof groupBooking>) {
  const summaries = registrationSummaries(registrations.db);
  const decidedBefore = idempotentCommands(registrations.db);
  /** The registration as it is now, when a command with this request's Idempotency-Key already changed it. */
  const alreadyDecided = async (registrationId: string | undefined, principal: Principal) =>
    registrationId ? registrations.views.view(await registrations.views.findVisible(registrationId, principal)) : undefined;

  app.post('/registrations', async (c) => {
    const principal = principalOf(c);
    const input = await parseJson(c, RegistrationInput);
    const idempotency = await idempotencyOf(c);
    const registration =
      (await alreadyDecided((await decidedBefore(idempotency))?.[0], principal)) ??
      (await withIdempotency(idempotency, () => registrations.register(input, principal)).catch(refusedTo(principal)));
    return c.json(registration, 201);
  });
  app.get('/registrations', async (c) =>
    c.json(await registrations.views.list(parseValue(RegistrationQuery, c.req.query(), 'query'), principalOf(c))),
  );
  app.get('/registration-summaries', async (c) => {
    requireBackOffice(c);
    const { offeringId } = parseValue(RegistrationSummaryQuery, c.req.query(), 'query');
    return c.json({ items: await summaries(offeringId) });
  });
  /** What registration holds about one person, for the access export (DSGVO Art. 15). */
  const aboutSubject = subjectData(registrations.db);
  app.get('/privacy/subject', async (c) => {
    requireBackOffice(c);
    return c.json(await aboutSubject(parseValue(SubjectQuery, c.req.query(), 'query').email));
  });
  app.get('/registrations/:id', async (c) => {
    const principal = principalOf(c);
    const row = await registrations.views.findVisible(uuidParam(c, 'id', notFound), principal).catch(refusedTo(principal));
    return c.json(await registrations.views.view(row));
  });
  app.post('/registrations/:id/cancel', async (c) => {
    const principal = principalOf(c);
    const id = uuidParam(c, 'id', notFound);
    const { dryRun } = await parseOptionalJson(c, CancelInput);
    const idempotency = await idempotencyOf(c);
    if (!dryRun && (await decidedBefore(idempotency))) return c.json(await alreadyDecided(id, principal));
    const answer = dryRun
      ? registrations.previewCancel(id, principal)
      : withIdempotency(idempotency, () => registrations.cancel(id, principal));
    return c.json(await answer.catch(refusedTo(principal)));
  });
  app.post('/registrations/:id/substitute', async (c) => {
    const principal = principalOf(c);
    const id = uuidParam(c, 'id', notFound);
    const { participant, dryRun } = await parseJson(c, SubstituteInput);
    const idempotency = await idempotencyOf(c);
    if (!dryRun && (await decidedBefore(idempotency))) return c.json(await alreadyDecided(id, principal));
    const answer = dryRun
      ? registrations.previewSubstitute(id, participant, principal)
      : withIdempotency(idempotency, () => registrations.substitute(id, participant, principal));
    return c.json(await answer.catch(refusedTo(principal)));
  });
  app.post('/registrations/:id/attendance', async (c) => {
    const principal = requireBackOffice(c);
    const { attended } = await parseJson(c, AttendanceInput);
    return c.json(await registrations.recordAttendance(uuidParam(c, 'id', notFound), attended, principal).catch(refusedTo(principal)));
  });
  app.post('/registration-batches', async (c) => {
    const principal = principalOf(c);
    const input = await parseJson(c, RegistrationBatchInput);
    const idempotency = await idempotencyOf(c);
    const booked = input.dryRun ? undefined : await decidedBefore(idempotency);
    const decided = booked
      ? await bookedBefore(booked, await book({ ...input, dryRun: true }, principal).catch(refusedTo(principal)))
      : await withIdempotency(idempotency, () => book(input, principal)).catch(refusedTo(principal));
    return c.json(batchResult(decided, principal), input.dryRun ? 200 : 201);
  });

  /**
   * A group booking decided before under its Idempotency-Key: the people it booked, as they are now; the others (it
   * refused them, so it recorded nothing for them) as the booking would decide them now, without deciding anything.
   */
  async function bookedBefore(registrationIds: string[], now: BatchDecided): Promise<BatchDecided> {
    const rows = await registrations.db.registration.findMany({ where: { id: { in: registrationIds } } });
    const people = await Promise.all(
      now.people.map(async (person) => {
        const row = rows.find((r) => r.offeringId === person.offeringId && r.email.toLowerCase() === person.email.toLowerCase());
        if (!row) return person;
        const { waitlistPosition } = await registrations.views.view(row);
        return { index: person.index, offeringId: person.offeringId, email: person.email, registrationId: row.id, waitlistPosition };
      }),
    );
    return { dryRun: false, people };
  }
}
