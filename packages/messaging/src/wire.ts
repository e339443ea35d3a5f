import { randomUUID } from 'node:crypto';
import { type CloudEvent, CloudEventEnvelope } from '@seminarwerk/contracts';
import { currentTrace } from '@seminarwerk/logging';
import type { IHeaders } from 'kafkajs';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface NewCloudEvent<T extends string, D> {
  type: T;
  source: string;
  subject: string;
  data: D;
  time: Date;
  id?: string;
  correlationId?: string;
  causationId?: string;
}

export function cloudEvent<T extends string, D>(e: NewCloudEvent<T, D>): CloudEvent<T, D> {
  const id = e.id ?? randomUUID();
  // Events caused by handling another event carry its id as causation (set by the consumer).
  const trace = currentTrace();
  return {
    specversion: '1.0',
    id,
    source: e.source,
    type: e.type,
    subject: e.subject,
    time: e.time.toISOString(),
    datacontenttype: 'application/json',
    correlationid: e.correlationId ?? trace.correlationId ?? id,
    ...((e.causationId ?? trace.causationId) ? { causationid: e.causationId ?? trace.causationId } : {}),
    data: e.data,
  };
}

/** Structured mode: the whole envelope is the value; ids are copied to headers for tooling. */
export function toKafkaMessage(key: string, event: CloudEvent) {
  const headers: IHeaders = { 'content-type': CLOUDEVENTS_CONTENT_TYPE, 'ce-type': event.type, 'ce-id': event.id };
  if (event.correlationid) headers.correlationid = event.correlationid;
  return { key, value: JSON.stringify(event), headers };
}

export type ParsedMessage = { ok: true; event: CloudEvent } | { ok: false; reason: 'invalid-json' | 'invalid-envelope'; detail: string };

export function parseCloudEvent(value: Buffer | null): ParsedMessage {
  if (!value) return { ok: false, reason: 'invalid-json', detail: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid-json', detail: (error as Error).message };
  }
  const parsed = CloudEventEnvelope.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid-envelope', detail: summarise(parsed.error.issues) };
  }
  return { ok: true, event: parsed.data as CloudEvent };
}

export function summarise(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
