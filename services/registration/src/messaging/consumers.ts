import { type DataOf, OfferingScheduled } from '@seminarwerk/contracts';
import type { EventHandler } from '@seminarwerk/messaging';
import { prismaSql, recordProcessed } from '@seminarwerk/postgres';
import type { RegistrationService } from '../app/registration-service.ts';
import type { Db } from '../db.ts';

export const CONSUMER = 'registration';

export function registrationHandlers(db: Db, registrations: RegistrationService): Record<string, EventHandler> {
  return {
    [OfferingScheduled.type]: (event) =>
      db.$transaction(async (tx) => {
        if (!(await recordProcessed(prismaSql(tx), CONSUMER, event.id))) return;
        await registrations.openOffering(tx, event.data as DataOf<typeof OfferingScheduled>);
      }),
  };
}
