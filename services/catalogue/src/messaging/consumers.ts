import { AvailabilityChanged } from '@seminarwerk/contracts';
import type { Inbox } from '@seminarwerk/postgres';
import type { CatalogueService } from '../app/catalogue-service.ts';
import type { Tx } from '../db.ts';

export const CONSUMER = 'catalogue';

/** What the catalogue takes from other services: free seats, as registration reports them. */
export const catalogueConsumers = (catalogue: CatalogueService) => (on: Inbox<Tx>['on']) => {
  on(AvailabilityChanged, (data, { tx }) => catalogue.recordAvailability(tx, data.offeringId, data.seatsAvailable, data.version));
};
