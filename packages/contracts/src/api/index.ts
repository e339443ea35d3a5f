export * from './catalogue.ts';
export * from './invoicing.ts';
export * from './notifications.ts';
export * from './privacy.ts';
export * from './problem.ts';
export * from './registration.ts';
export * from './webhooks.ts';
