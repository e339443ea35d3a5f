import { EmailDeliveryQuery, SubjectQuery } from '@seminarwerk/contracts/api';
import { parseValue, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import { DELIVERY_NOT_FOUND, type DeliveryLog } from '../app/deliveries.ts';
import type { subjectData } from '../app/subject-data.ts';

/** Internal API, called by the gateway only. */
export function notificationRoutes(app: ServiceApp, deliveries: DeliveryLog, aboutSubject: ReturnType<typeof subjectData>) {
  /** The delivery log, newest first; bodies and attachments stay out of it. */
  app.get('/deliveries', async (c) => {
    requireBackOffice(c);
    return c.json(await deliveries.list(parseValue(EmailDeliveryQuery, c.req.query(), 'query')));
  });

  app.post('/deliveries/:id/resend', async (c) => {
    requireBackOffice(c);
    return c.json(await deliveries.resend(uuidParam(c, 'id', DELIVERY_NOT_FOUND)), 201);
  });

  /** What notification holds about one person, for the access export (DSGVO Art. 15). */
  app.get('/privacy/subject', async (c) => {
    requireBackOffice(c);
    const { email, registrationIds } = parseValue(SubjectQuery, c.req.query(), 'query');
    return c.json(await aboutSubject(email, registrationIds));
  });
}
