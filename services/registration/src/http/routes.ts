import { AttendanceInput, RegistrationBatchInput, RegistrationInput, RegistrationQuery, SubstituteInput } from '@seminarwerk/contracts/api';
import { parseJson, parseValue, principalOf, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { groupBooking } from '../app/group-booking.ts';
import type { RegistrationService } from '../app/registration-service.ts';

const notFound = { code: 'registration-not-found', detail: 'There is no registration with this id' };

/** Internal API, called by the gateway only. */
export function registrationRoutes(app: ServiceApp, registrations: RegistrationService, book: ReturnType<typeof groupBooking>) {
  app.post('/registrations', async (c) => {
    const registration = await registrations.register(await parseJson(c, RegistrationInput), principalOf(c));
    return c.json(registration, 201);
  });
  app.get('/registrations', async (c) =>
    c.json(await registrations.views.list(parseValue(RegistrationQuery, c.req.query(), 'query'), principalOf(c))),
  );
  app.get('/registrations/:id', async (c) => {
    const principal = principalOf(c);
    return c.json(await registrations.views.view(await registrations.views.findVisible(uuidParam(c, 'id', notFound), principal)));
  });
  app.post('/registrations/:id/cancel', async (c) => c.json(await registrations.cancel(uuidParam(c, 'id', notFound), principalOf(c))));
  app.post('/registrations/:id/substitute', async (c) => {
    const { participant } = await parseJson(c, SubstituteInput);
    return c.json(await registrations.substitute(uuidParam(c, 'id', notFound), participant, principalOf(c)));
  });
  app.post('/registrations/:id/attendance', async (c) => {
    const principal = requireBackOffice(c);
    const { attended } = await parseJson(c, AttendanceInput);
    return c.json(await registrations.recordAttendance(uuidParam(c, 'id', notFound), attended, principal));
  });
  app.post('/registration-batches', async (c) => {
    const input = await parseJson(c, RegistrationBatchInput);
    const result = await book(input, principalOf(c));
    return c.json(result, input.dryRun ? 200 : 201);
  });
}
