import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as api from './api/index.ts';
import { isStorableText } from './shared.ts';

// Every request schema (an export of the API named `…Input`, `…Query` or `…Patch`) is held to the limits of docs/api.md:
// every string has a maximum length and refuses text PostgreSQL cannot store, every number has both bounds. A new
// field (or a new request schema named like the others) without them fails here, before it reaches a database.

type Schema = z.core.$ZodType;

interface Field {
  path: string;
  schema: Schema;
}

/** The values a client sends: every leaf of the schema with its path (`registrations[].participant.firstName`). */
function fieldsOf(schema: Schema, path = ''): Field[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, any>;
  const at = (name: string) => (path ? `${path}.${name}` : name);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, Schema>).flatMap(([name, field]) => fieldsOf(field, at(name)));
    case 'array':
      return fieldsOf(def.element, `${path}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return fieldsOf(def.innerType, path);
    case 'pipe':
      return fieldsOf(def.in, path); // what the client sends
    case 'union':
      return (def.options as Schema[]).flatMap((option) => fieldsOf(option, path));
    case 'intersection':
      return [...fieldsOf(def.left, path), ...fieldsOf(def.right, path)];
    case 'record':
      return [...fieldsOf(def.keyType, `${path}{key}`), ...fieldsOf(def.valueType, `${path}{}`)];
    default:
      return [{ path: path || '(root)', schema }];
  }
}

const refuses = (schema: Schema, value: unknown) => !z.safeParse(schema, value).success;

/** Text the database cannot store, in a value of a length the field takes. */
function unstorableProbes(length: number): string[] {
  const head = 'a'.repeat(Math.max(0, length - 1));
  return [`${head}\u0000`, `${head}\uD800`, `${head}\uDC00`, `\uDC00\uD800${head}`.slice(0, Math.max(2, length))];
}

/** What is wrong with one field, if anything. */
function faultsOf({ path, schema }: Field): string[] {
  const { type } = schema._zod.def;
  if (type === 'enum' || type === 'literal' || type === 'boolean') return [];
  if (type === 'number') {
    const checks = (schema._zod.def.checks ?? []).map((check) => check._zod.def.check);
    return checks.includes('greater_than') && checks.includes('less_than') ? [] : [`${path}: a number without a lower and an upper bound`];
  }
  if (type !== 'string') return [`${path}: a ${type} takes anything`];
  const text = schema as z.ZodString;
  if (text.maxLength === null) return [`${path}: a string without a maximum length`];
  const length = Math.min(Math.max(text.minLength ?? 0, 2), text.maxLength);
  const faults = unstorableProbes(length)
    .filter((probe) => !refuses(schema, probe))
    .map((probe) => `${path}: takes ${JSON.stringify(probe)}, which PostgreSQL cannot store`);
  // The probes show it for text of one length; `Text` (or a format of ids, days, addresses) makes it hold for all.
  const checks = (schema._zod.def.checks ?? []).map((check) => check._zod.def as { check: string; fn?: unknown });
  const built = text.format !== null || checks.some((c) => c.check === 'string_format' || c.fn === isStorableText);
  return built ? faults : [...faults, `${path}: free text not built on Text (shared.ts) or a format`];
}

const faultsOfSchema = (schema: Schema) => fieldsOf(schema).flatMap(faultsOf);

const requestSchemas = (Object.entries(api) as [string, unknown][]).filter(
  (entry): entry is [string, Schema] => /(Input|Query|Patch)$/.test(entry[0]) && entry[1] instanceof z.ZodType,
);

describe('every request schema', () => {
  it('is found by its name', () => {
    const names = requestSchemas.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining(['SeminarInput', 'OfferingPatch', 'RegistrationBatchInput', 'RegistrationQuery', 'CustomerInput']),
    );
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(requestSchemas)('%s bounds every string and number, and refuses text PostgreSQL cannot store', (_, schema) =>
    expect(faultsOfSchema(schema)).toEqual([]),
  );

  it('takes a municipality id only as the customer slug', () => {
    const fields = requestSchemas.flatMap(([name, schema]) => fieldsOf(schema).map((f) => ({ ...f, path: `${name}.${f.path}` })));
    const municipalityIds = fields.filter((f) => /(^|\.)municipalityId$/.test(f.path) || f.path === 'CustomerInput.id');
    expect(municipalityIds.length).toBeGreaterThanOrEqual(6);
    for (const { path, schema } of municipalityIds) {
      expect(refuses(schema, 'oldenburg'), path).toBe(false);
      expect(refuses(schema, 'landkreis-ammerland-2'), path).toBe(false);
      for (const foreign of ['Oldenburg', 'o', 'x'.repeat(61), 'olden burg', 'oldenburg\u0000', 'oldenbürg']) {
        expect(refuses(schema, foreign), `${path} takes ${JSON.stringify(foreign)}`).toBe(true);
      }
    }
  });

  it('takes a cursor only as base64url of a bounded length', () => {
    const cursors = requestSchemas.flatMap(([name, schema]) =>
      fieldsOf(schema)
        .filter((f) => f.path === 'cursor')
        .map(() => ({ name, schema })),
    );
    expect(cursors.length).toBeGreaterThanOrEqual(3);
    const handedOut = Buffer.from(JSON.stringify(['2027-02-16T08:00:00.000Z', '3f0c6a52-1b9e-4c1e-9a51-2d7f0f4b6c11'])).toString(
      'base64url',
    );
    for (const { name, schema } of cursors) {
      expect(z.safeParse(schema, { cursor: handedOut }).success, name).toBe(true);
      for (const foreign of ['', 'a b', 'abc=', 'ab/+', 'x'.repeat(501), 'abc\u0000']) {
        expect(z.safeParse(schema, { cursor: foreign }).success, `${name} takes ${JSON.stringify(foreign)}`).toBe(false);
      }
    }
  });
});

describe('the check itself', () => {
  it('finds a string without a maximum, one that takes NUL, and an unbounded number', () =>
    expect(
      faultsOfSchema(
        z.object({
          note: z.string(),
          name: z.string().max(10),
          seats: z.number().int().min(1),
          tags: z.array(
            z
              .string()
              .max(5)
              .refine(() => true),
          ),
        }),
      ),
    ).toEqual([
      'note: a string without a maximum length',
      'name: takes "a\\u0000", which PostgreSQL cannot store',
      'name: takes "a\\ud800", which PostgreSQL cannot store',
      'name: takes "a\\udc00", which PostgreSQL cannot store',
      'name: takes "\\udc00\\ud800", which PostgreSQL cannot store',
      'name: free text not built on Text (shared.ts) or a format',
      'seats: a number without a lower and an upper bound',
      'tags[]: takes "a\\u0000", which PostgreSQL cannot store',
      'tags[]: takes "a\\ud800", which PostgreSQL cannot store',
      'tags[]: takes "a\\udc00", which PostgreSQL cannot store',
      'tags[]: takes "\\udc00\\ud800", which PostgreSQL cannot store',
      'tags[]: free text not built on Text (shared.ts) or a format',
    ]));

  it('lets a paired surrogate through: an emoji is text like any other', () =>
    expect(z.safeParse(api.RegistrationInput.shape.participant.shape.firstName, 'Anna 🙂').success).toBe(true));
});
