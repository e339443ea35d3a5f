import { catalogueEvents } from './catalogue.ts';
import type { EventContract } from './cloud-event.ts';
import { invoicingEvents } from './invoicing.ts';
import { registrationEvents } from './registration.ts';

export * from './catalogue.ts';
export * from './cloud-event.ts';
export * from './invoicing.ts';
export * from './registration.ts';
export * from './shared.ts';
export * from './topics.ts';

/** Every public event, by CloudEvents `type`. A consumer validates `data` against these. */
export const eventContracts: ReadonlyMap<string, EventContract> = new Map(
  [...catalogueEvents, ...registrationEvents, ...invoicingEvents].map((c) => [c.type, c as EventContract]),
);
