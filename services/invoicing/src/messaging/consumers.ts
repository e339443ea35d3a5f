import { type DataOf, RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import type { EventHandler } from '@seminarwerk/messaging';
import { prismaSql, recordProcessed } from '@seminarwerk/postgres';
import type { InvoicingService } from '../app/invoicing-service.ts';
import type { Db, Tx } from '../db.ts';

export const CONSUMER = 'invoicing';

export function invoicingHandlers(db: Db, invoicing: InvoicingService): Record<string, EventHandler> {
  const once = (eventId: string, effect: (tx: Tx) => Promise<void>) =>
    db.$transaction(async (tx) => {
      if (await recordProcessed(prismaSql(tx), CONSUMER, eventId)) await effect(tx);
    });
  return {
    [RegistrationConfirmed.type]: (event) =>
      once(event.id, (tx) => invoicing.draftFor(tx, event.data as DataOf<typeof RegistrationConfirmed>)),
    [RegistrationCancelled.type]: (event) =>
      once(event.id, (tx) => invoicing.voidFor(tx, (event.data as DataOf<typeof RegistrationCancelled>).registrationId)),
  };
}
