/** Kafka topics carrying public events. One topic per producing service; keys are aggregate ids. */
export const Topics = {
  catalogue: 'catalogue.events.v1',
  registration: 'registration.events.v1',
  invoicing: 'invoicing.events.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** Messages that fail validation or their handler end up here, with the reason in headers. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;
