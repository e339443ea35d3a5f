import { AvailabilityChanged, type DataOf } from '@seminarwerk/contracts';
import type { EventHandler } from '@seminarwerk/messaging';
import { prismaSql, recordProcessed } from '@seminarwerk/postgres';
import type { CatalogueService } from '../app/catalogue-service.ts';
import type { Db } from '../db.ts';

export const CONSUMER = 'catalogue';

export function catalogueHandlers(db: Db, catalogue: CatalogueService): Record<string, EventHandler> {
  return {
    [AvailabilityChanged.type]: (event) =>
      db.$transaction(async (tx) => {
        if (!(await recordProcessed(prismaSql(tx), CONSUMER, event.id))) return;
        const data = event.data as DataOf<typeof AvailabilityChanged>;
        await catalogue.recordAvailability(tx, data.offeringId, data.seatsAvailable, data.version);
      }),
  };
}
