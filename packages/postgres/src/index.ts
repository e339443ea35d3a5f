export * from './database.ts';
export * from './event-store.ts';
export * from './inbox.ts';
export * from './migrate.ts';
export * from './outbox.ts';
export * from './relay.ts';
export * from './retry.ts';
export * from './sql.ts';
