import {
  AttendanceInput,
  CancelInput,
  RegistrationBatchInput,
  RegistrationInput,
  RegistrationQuery,
  RegistrationSummaryQuery,
  SubstituteInput,
} from '@seminarwerk/contracts/api';
import { parseJson, parseOptionalJson, parseValue, principalOf, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { groupBooking } from '../app/group-booking.ts';
import type { RegistrationService } from '../app/registration-service.ts';
import { registrationSummaries } from '../app/registration-summaries.ts';
import { batchResult } from './batch-outcome.ts';
import { refusedTo } from './problems.ts';

const notFound = { code: 'registration-not-found', detail: 'There is no registration with this id' };

/**
 * Internal API, called by the gateway only. Bodies are validated whole before anything is decided; every refusal is
 * answered to the principal who asked (`refusedTo`), so it names only registrations they may see.
 */
export function registrationRoutes(app: ServiceApp, registrations: RegistrationService, book: ReturnType<typeof groupBooking>) {
  const summaries = registrationSummaries(registrations.db);
  app.post('/registrations', async (c) => {
    const principal = principalOf(c);
    const input = await parseJson(c, RegistrationInput);
    return c.json(await registrations.register(input, principal).catch(refusedTo(principal)), 201);
  });
  app.get('/registrations', async (c) =>
    c.json(await registrations.views.list(parseValue(RegistrationQuery, c.req.query(), 'query'), principalOf(c))),
  );
  app.get('/registration-summaries', async (c) => {
    requireBackOffice(c);
    const { offeringId } = parseValue(RegistrationSummaryQuery, c.req.query(), 'query');
    return c.json({ items: await summaries(offeringId) });
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
    const answer = dryRun ? registrations.previewCancel(id, principal) : registrations.cancel(id, principal);
    return c.json(await answer.catch(refusedTo(principal)));
  });
  app.post('/registrations/:id/substitute', async (c) => {
    const principal = principalOf(c);
    const id = uuidParam(c, 'id', notFound);
    const { participant, dryRun } = await parseJson(c, SubstituteInput);
    const answer = dryRun
      ? registrations.previewSubstitute(id, participant, principal)
      : registrations.substitute(id, participant, principal);
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
    return c.json(batchResult(await book(input, principal), principal), input.dryRun ? 200 : 201);
  });
}
