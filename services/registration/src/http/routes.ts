import { RegistrationInput } from '@seminarwerk/contracts/api';
import { parseJson, principalOf, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { RegistrationService } from '../app/registration-service.ts';

const notFound = { code: 'registration-not-found', detail: 'There is no registration with this id' };

/** Internal API, called by the gateway only. */
export function registrationRoutes(app: ServiceApp, registrations: RegistrationService) {
  app.post('/registrations', async (c) => {
    const principal = principalOf(c);
    const registration = await registrations.register(await parseJson(c, RegistrationInput), principal);
    return c.json(registration, 201);
  });
  app.get('/registrations/:id', async (c) => c.json(await registrations.get(uuidParam(c, 'id', notFound), principalOf(c))));
  app.post('/registrations/:id/cancel', async (c) => c.json(await registrations.cancel(uuidParam(c, 'id', notFound), principalOf(c))));
}
