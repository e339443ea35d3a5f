import { stringMatching } from './pattern.ts';
import type { Random } from './random.ts';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/** Where values come from: the document (for `$ref`), the random source, and the ids the setup made. */
export interface ValueSource {
  random: Random;
  resolve(schema: Schema): Schema;
  /** A real id for a member or parameter of this name (`offeringId`, `municipalityId`), if the setup made one. */
  realId(name: string): string | undefined;
}

/** `valid`: a typical value; `boundary`: each bound at its edge (longest strings, extreme numbers, fewest items). */
export type Shape = 'valid' | 'boundary';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The schema with `allOf` merged into one object schema (what the document's `allOf`s are). */
export function flatten(schema: Schema, source: ValueSource): Schema {
  const resolved = source.resolve(schema);
  if (!resolved.allOf) return resolved;
  const parts = resolved.allOf.map((part) => flatten(part, source));
  return {
    ...resolved,
    allOf: undefined,
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), resolved.properties ?? {}),
    required: [...new Set(parts.flatMap((p) => p.required ?? []).concat(resolved.required ?? []))],
  };
}

export function valueFor(schema: Schema, source: ValueSource, shape: Shape, name = '', depth = 0): unknown {
  const { random } = source;
  const s = flatten(schema, source);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return valueFor(random.pick(branches), source, shape, name, depth);
  if (s.const !== undefined) return s.const;
  if (s.enum) return random.pick(s.enum);
  if (shape === 'valid' && s.example !== undefined && random.chance(0.3)) return s.example;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [s.properties ? 'object' : 'string'];
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length === 0 || (types.includes('null') && random.chance(0.15))) return null;
  switch (random.pick(nonNull)) {
    case 'string':
      return stringFor(s, source, shape, name);
    case 'integer':
    case 'number':
      return numberFor(s, random, shape);
    case 'boolean':
      return random.chance(0.5);
    case 'array':
      return arrayFor(s, source, shape, name, depth);
    case 'object':
      return objectFor(s, source, shape, depth);
    default:
      return null;
  }
}

function stringFor(s: Schema, source: ValueSource, shape: Shape, name: string): string {
  const { random } = source;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : 200;
  const real = source.realId(name);
  if (real !== undefined && (s.format === 'uuid' || typeof s.pattern === 'string') && random.chance(0.85)) return real;
  const now = Date.now();
  switch (s.format) {
    case 'uuid':
      return random.uuid();
    case 'date':
      return isoDay(now + random.int(-400, 400) * DAY);
    case 'date-time':
      return new Date(now + random.int(-400, 400) * DAY + random.int(0, 23) * 3_600_000).toISOString();
    case 'email': {
      const local = shape === 'boundary' ? 'a'.repeat(64) : `fuzz.${random.int(1, 99999)}`;
      return `${local}@example.org`;
    }
    case 'uri':
      return `https://hooks.example.org/fuzz/${random.int(1, 9999)}`;
  }
  if (typeof s.pattern === 'string')
    return stringMatching(s.pattern, random, shape === 'boundary' ? random.pick(['min', 'max']) : 'random');
  if (shape === 'boundary') {
    const length = random.pick([min, Math.max(min, 1), max]);
    return random.pick(['x', 'ä', '€']).repeat(length);
  }
  if (typeof s.example === 'string') return s.example;
  const words = ['Seminar', 'Verwaltung', 'Digitalisierung', 'Oldenburg', 'Übung', 'Straße', 'Kurs'];
  let text = random.pick(words);
  while (text.length < min) text += ` ${random.pick(words)}`;
  return text.slice(0, max);
}

function numberFor(s: Schema, random: Random, shape: Shape): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 0;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : min + 1000;
  if (shape === 'boundary') return random.pick([min, max]);
  const value = random.int(min, Math.min(max, min + 100));
  return s.type === 'number' && random.chance(0.3) ? (value + 0.5 <= max ? value + 0.5 : value) : value;
}

function arrayFor(s: Schema, source: ValueSource, shape: Shape, name: string, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : 5;
  const count = shape === 'boundary' ? source.random.pick([min, Math.min(max, 200)]) : source.random.int(min, Math.min(max, min + 3));
  const items = s.items ?? {};
  const singular = name.endsWith('s') ? name.slice(0, -1) : name;
  const values = Array.from({ length: count }, () => valueFor(items, source, shape, singular, depth + 1));
  // Members of a set (enums like scopes or event types) repeat only where the schema allows it.
  return s.uniqueItems || source.resolve(items).enum ? [...new Set(values)] : values;
}

function objectFor(s: Schema, source: ValueSource, shape: Shape, depth: number): Record<string, unknown> {
  const required = new Set(s.required ?? []);
  const value: Record<string, unknown> = {};
  for (const [member, schema] of Object.entries(s.properties ?? {})) {
    const include = required.has(member) || (depth < 4 && source.random.chance(shape === 'boundary' ? 0.8 : 0.5));
    if (include) value[member] = valueFor(schema, source, shape, member, depth + 1);
  }
  return value;
}
