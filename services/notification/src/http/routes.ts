import { EmailDeliveryQuery, SubjectQuery } from '@seminarwerk/contracts/api';
import { parseValue, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import { DELIVERY_NOT_FOUND, type DeliveryLog } from '../app/deliveries.ts';
import type { Erasures } from '../app/erasures.ts';
import type { subjectData } from '../app/subject-data.ts';

/** The registrations an erasure is asked about: the same list, and limit, as the access export's. */
const ErasureQuery = SubjectQuery.pick({ registrationIds: true });
const ERASURE_NOT_FOUND = { code: 'erasure-not-found', detail: 'An erasure id is a UUID' };

interface NotificationRouteDeps {
  deliveries: DeliveryLog;
  aboutSubject: ReturnType<typeof subjectData>;
  erasures: Erasures;
}

/** Internal API, called by the gateway only. */
export function notificationRoutes(app: ServiceApp, { deliveries, aboutSubject, erasures }: NotificationRouteDeps) {
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

  /**
   * Whether an erasure (DSGVO Art. 17) is applied here to every registration listed: the gateway's confirmation from
   * this service, asked until it answers `completed`.
   */
  app.get('/privacy/erasures/:erasureId', async (c) => {
    requireBackOffice(c);
    const erasureId = uuidParam(c, 'erasureId', ERASURE_NOT_FOUND);
    const { registrationIds } = parseValue(ErasureQuery, c.req.query(), 'query');
    return c.json({ completed: await erasures.completed(erasureId, registrationIds) });
  });
}
