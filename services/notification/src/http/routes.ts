import { parseValue, requireBackOffice, type ServiceApp } from '@seminarwerk/http';
import { z } from 'zod';
import { DELIVERY_STATUSES, type DeliveryLog } from '../app/deliveries.ts';

const DeliveryQuery = z.object({
  triggerEventId: z.string().min(1).max(200).optional(),
  registrationId: z.uuid().optional(),
  invoiceId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Internal API, called by the gateway only. */
export function notificationRoutes(app: ServiceApp, deliveries: DeliveryLog) {
  /** The delivery log, newest first; bodies and attachments stay out of it. */
  app.get('/deliveries', async (c) => {
    requireBackOffice(c);
    const filter = parseValue(DeliveryQuery, c.req.query(), 'query');
    return c.json({ items: await deliveries.list(filter) });
  });
}
