import { z } from 'zod';

/** CloudEvents 1.0, structured JSON mode (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md). */
export const CloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1).optional(),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
  correlationid: z.string().min(1).optional(),
  causationid: z.string().min(1).optional(),
  data: z.unknown(),
});
export type CloudEventEnvelope = z.infer<typeof CloudEventEnvelope>;

export type CloudEvent<TType extends string = string, TData = unknown> = Omit<CloudEventEnvelope, 'type' | 'data'> & {
  type: TType;
  data: TData;
};

export interface EventContract<TType extends string = string, TData extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly topic: string;
  readonly data: TData;
}

export function eventContract<const TType extends string, TData extends z.ZodType>(
  topic: string,
  type: TType,
  data: TData,
): EventContract<TType, TData> {
  return { type, topic, data };
}

export type EventOf<C> = C extends EventContract<infer T, infer D> ? CloudEvent<T, z.infer<D>> : never;
export type DataOf<C> = C extends EventContract<string, infer D> ? z.infer<D> : never;

/** One event on its way to Kafka: the topic, the message key (aggregate id) and the envelope. */
export interface EventMessage {
  topic: string;
  key: string;
  event: CloudEvent;
}

/** What the outbox relay needs from Kafka; implemented in @seminarwerk/messaging. */
export interface EventPublisher {
  publish(messages: readonly EventMessage[]): Promise<void>;
}

/**
 * What a consumer does with one event type: the contract its data is validated against, and the
 * handling. Built by the inbox (packages/postgres, deduplicating), run by the Kafka consumer (packages/messaging).
 */
export interface EventSubscription {
  readonly contract: EventContract;
  handle(event: CloudEvent): Promise<void>;
}
