import { mutateBody } from './mutate.ts';
import { BAD_DATES, INVALID_BODIES, NOT_IDS, ODD_CONTENT_TYPES, ODD_STRINGS } from './odd-values.ts';
import type { Operation, Parameter } from './operations.ts';
import type { Random } from './random.ts';
import { type Schema, type Shape, type ValueSource, valueFor } from './schema-values.ts';

export const ROLES = ['anonymous', 'partner', 'limited-partner', 'back-office'] as const;
export type Role = (typeof ROLES)[number];

/** A request as sent, and how it was made (for the report). */
export interface FuzzRequest {
  operation: string;
  role: Role;
  /** `valid`, `boundary`, or `invalid: <what was broken>`. */
  kind: string;
  method: string;
  /** Path and query, percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** What requests are made against: the keys of the roles and the ids the setup made (by parameter name). */
export interface FuzzTarget {
  keys: Record<Exclude<Role, 'anonymous'>, string>;
  ids: Record<string, readonly string[]>;
}

const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // an unpaired surrogate as the bytes CESU-8 would send: not UTF-8
  }
};
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Shifts generated days and times so that a valid request is also plausible: a date in the future, ending after it starts. */
function plausible(body: unknown, random: Random): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy = { ...(body as Record<string, unknown>) };
  if (typeof copy.startsAt === 'string') {
    const start = new Date(Date.now() + random.int(20, 300) * 86_400_000);
    start.setUTCHours(random.int(6, 10), 0, 0, 0);
    copy.startsAt = start.toISOString();
    if ('endsAt' in copy) copy.endsAt = new Date(start.getTime() + random.int(1, 9) * 3_600_000).toISOString();
    if ('registrationDeadline' in copy) copy.registrationDeadline = new Date(start.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    if (random.chance(0.8)) delete copy.sessions;
  }
  if (typeof copy.startsAt === 'string' && copy.format !== 'online' && copy.venue === undefined)
    copy.venue = { name: 'Tagungszentrum', city: 'Hannover' };
  if (copy.format === 'online') {
    delete copy.venue;
    copy.onlineLink ??= 'https://meet.example.org/fuzz';
  } else if (copy.venue !== undefined) delete copy.onlineLink;
  return copy;
}

export function fuzzRequest(
  operation: Operation,
  role: Role,
  target: FuzzTarget,
  random: Random,
  resolve: (s: Schema) => Schema,
): FuzzRequest {
  const source: ValueSource = {
    random,
    resolve,
    realId: (name) => {
      const own = role === 'partner' || role === 'limited-partner' ? target.ids[`${name}:${role}`] : undefined;
      const ids = own ?? target.ids[name];
      return ids && ids.length > 0 ? random.pick(ids) : undefined;
    },
  };
  const roll = random.next();
  const shape: Shape = roll < 0.15 ? 'boundary' : 'valid';
  const invalid = roll >= 0.5;

  const path = new Map<string, string>();
  const query: [string, string][] = [];
  const headers: Record<string, string> = role === 'anonymous' ? {} : { authorization: `Bearer ${target.keys[role]}` };
  for (const p of operation.parameters) {
    if (p.in === 'path') path.set(p.name, encode(asText(valueFor(p.schema, source, shape, p.name))));
    else if (p.in === 'query' && (p.required || random.chance(0.3)))
      query.push([p.name, asText(valueFor(p.schema, source, shape, p.name))]);
    else if (p.in === 'header' && p.name.toLowerCase() === 'idempotency-key') headers['idempotency-key'] = random.uuid();
  }
  let body: string | Uint8Array | undefined;
  let bodyValue: unknown;
  if (operation.body && (operation.body.required || random.chance(0.7))) {
    const example = operation.body.example;
    bodyValue =
      shape === 'valid' && example !== undefined && random.chance(0.3)
        ? example
        : plausible(valueFor(operation.body.schema, source, shape), random);
    body = JSON.stringify(bodyValue);
    headers['content-type'] = operation.body.mediaType;
  }

  let kind: string = shape;
  if (invalid) {
    const breakages = breakagesFor(operation, { path, query, headers, bodyValue, target, random });
    const [what, apply] = random.pick(breakages);
    const result = apply();
    if (result?.body !== undefined) body = result.body;
    kind = `invalid: ${what}${result?.detail ? ` (${result.detail})` : ''}`;
  }
  const pathname = operation.template.replace(/\{([^}]+)\}/g, (_, name: string) => path.get(name) ?? 'missing');
  const search = query.map(([k, v]) => `${encode(k)}=${v.startsWith('\u0001') ? v.slice(1) : encode(v)}`).join('&');
  return {
    operation: operation.id,
    role,
    kind,
    method: operation.method,
    url: search ? `${pathname}?${search}` : pathname,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

type Breakage = [string, () => { body?: string | Uint8Array; detail?: string } | undefined];

interface Parts {
  path: Map<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  bodyValue: unknown;
  target: FuzzTarget;
  random: Random;
}

/** The ways this operation's request can be broken. A value starting with \u0001 is sent as it is (already encoded). */
function breakagesFor(operation: Operation, { path, query, headers, bodyValue, target, random }: Parts): Breakage[] {
  const raw = (value: string) => `\u0001${value}`;
  const params = (where: Parameter['in']) => operation.parameters.filter((p) => p.in === where);
  const breakages: Breakage[] = [];
  if (path.size > 0) {
    breakages.push([
      'path parameter not an id',
      () => {
        const name = random.pick([...path.keys()]);
        const value = random.pick(NOT_IDS);
        path.set(name, value);
        return { detail: `${name}=${value.slice(0, 40)}` };
      },
    ]);
    breakages.push([
      'path parameter another kind of id',
      () => {
        const name = random.pick([...path.keys()]);
        const other = Object.values(target.ids).flat();
        if (other.length > 0) path.set(name, encode(random.pick(other)));
        return { detail: name };
      },
    ]);
  }
  const queryParams = params('query');
  if (queryParams.length > 0) {
    breakages.push([
      'bad query value',
      () => {
        const p = random.pick(queryParams);
        const format = (p.schema as { format?: string }).format;
        const value =
          format === 'date' || format === 'date-time'
            ? random.pick(BAD_DATES)
            : random.pick([...ODD_STRINGS.slice(0, 20), '-1', '0', 'abc', '1e10', '99999999999999999999', '1.5', 'true', 'bogus']);
        const index = query.findIndex(([k]) => k === p.name);
        if (index >= 0) query.splice(index, 1);
        query.push([p.name, value]);
        return { detail: `${p.name}=${JSON.stringify(value.slice(0, 40))}` };
      },
    ]);
    breakages.push([
      'repeated or unknown query parameter',
      () => {
        const p = random.pick(queryParams);
        query.push([p.name, '1'], [p.name, 'two'], [random.pick(['unknown', 'limit[]', '__proto__', '']), 'x']);
        return { detail: p.name };
      },
    ]);
    breakages.push([
      'undecodable query',
      () => {
        query.push([random.pick(queryParams).name, raw(random.pick(['%ff', '%', '%E0%A4%A', '%00', '%2', '%uD800']))]);
        return undefined;
      },
    ]);
  }
  if (bodyValue !== undefined) {
    breakages.push([
      'body',
      () => {
        const mutation = mutateBody(bodyValue, random);
        return { body: mutation.text, detail: mutation.what };
      },
    ]);
    breakages.push(['array instead of the body', () => ({ body: JSON.stringify([bodyValue]) })]);
  }
  if (operation.body) {
    breakages.push([
      'malformed body',
      () => {
        const body = random.pick(INVALID_BODIES);
        return { body, detail: typeof body === 'string' ? JSON.stringify(body.slice(0, 30)) : 'not UTF-8' };
      },
    ]);
    breakages.push([
      'content type',
      () => {
        const type = random.pick(ODD_CONTENT_TYPES);
        if (type === undefined) delete headers['content-type'];
        else headers['content-type'] = type;
        return { detail: String(type) };
      },
    ]);
    breakages.push(['body over the size limit', () => ({ body: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }) })]);
  } else if (operation.method !== 'GET') {
    breakages.push([
      'body where none is taken',
      () => {
        headers['content-type'] = random.pick(['application/json', 'text/plain']);
        return { body: random.pick(['{"unexpected":true}', '{', 'x'.repeat(1000)]) };
      },
    ]);
  }
  if ('idempotency-key' in headers) {
    breakages.push([
      'idempotency key',
      () => {
        const value = random.pick([undefined, '', ' ', 'k'.repeat(256), '\u00e4']);
        if (value === undefined) delete headers['idempotency-key'];
        else headers['idempotency-key'] = value;
        return { detail: value === undefined ? 'missing' : JSON.stringify(value.slice(0, 10)) };
      },
    ]);
  }
  breakages.push([
    'headers',
    () => {
      const [name, value] = random.pick<[string, string]>([
        ['x-acting-staff', 'anna.schmidt'],
        ['x-acting-staff', 'Not Valid!'],
        ['authorization', 'Bearer '],
        ['authorization', 'Basic YWRtaW46YWRtaW4='],
        ['authorization', `Bearer sw_${'0'.repeat(40)}`],
        ['authorization', 'Bearer sw_live_ä'],
        ['accept', 'application/xml'],
        ['accept', 'text/html;q=0.1, */*;q=0'],
        ['if-none-match', '"garbage"'],
        ['if-none-match', 'W/"x", *'],
        ['x-request-id', 'r'.repeat(500)],
        ['x-forwarded-for', 'not-an-address'],
      ]);
      headers[name] = value;
      return { detail: `${name}: ${value.slice(0, 40)}` };
    },
  ]);
  return breakages;
}
