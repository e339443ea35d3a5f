import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

/**
 * Holds every answer a test receives to the API's OpenAPI document: the operation (path template and method), the
 * status, every header, and the body (JSON against its schema; other media types by content type only). A generated
 * client trusts exactly this, so a test that sees an answer the document does not describe fails, naming it.
 */

/** What the test received. */
export interface Exchange {
  method: string;
  /** Path and query as requested (`/v1/registrations?limit=5`), or a whole URL. */
  url: string;
  status: number;
  headers: Headers;
  /** The parsed body for JSON answers, else undefined (checked by content type only). */
  json?: unknown;
  /** Whether the answer had a body at all. */
  hasBody: boolean;
}

interface HeaderObject {
  required?: boolean;
  $ref?: string;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema?: unknown }>;
}
interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OperationObject>>;
  components?: { headers?: Record<string, HeaderObject>; schemas?: Record<string, unknown> };
}

/**
 * Headers of HTTP itself and of the browser's protections, which the document states once (info.description) rather
 * than on every answer: a client never reads them to use the API.
 */
const HTTP_HEADERS = new Set([
  'content-type', // checked against the documented media types
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
]);

/** JSON bodies are validated; everything else (PDF, XML, iCalendar, HTML) only by its media type. */
export const isJsonMediaType = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);
export const mediaTypeOf = (contentType: string | null) => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** JSON Pointer (RFC 6901) to a member of the document. */
const pointer = (...segments: string[]) => segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const DOCUMENT_ID = 'https://seminarwerk.example/openapi.json';

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schema with every object closed (`unevaluatedProperties: false`) where the document leaves it open: an answer
 * with a member the document does not name (an internal field, a renamed one) fails, although clients are told to
 * ignore unknown members. Closed where an object is used (a `$ref`, an `allOf`, an inline object), never inside an
 * `allOf`, whose parts each see only their own members; a component's own root stays open for the same reason.
 */
function closed(schema: unknown, where: 'use' | 'part-of-allOf' | 'component'): unknown {
  if (!isSchema(schema)) return schema;
  const copy: Schema = { ...schema };
  if (Array.isArray(schema.allOf)) copy.allOf = schema.allOf.map((part) => closed(part, 'part-of-allOf'));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[key])) copy[key] = (schema[key] as unknown[]).map((branch) => closed(branch, 'use'));
  }
  if (isSchema(schema.properties)) {
    copy.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, member]) => [name, closed(member, 'use')]));
  }
  if (schema.items !== undefined) copy.items = closed(schema.items, 'use');
  if (isSchema(schema.additionalProperties)) copy.additionalProperties = closed(schema.additionalProperties, 'use');
  const open = schema.additionalProperties === undefined && schema.unevaluatedProperties === undefined;
  const anObject = schema.$ref !== undefined || Array.isArray(schema.allOf) || isSchema(schema.properties);
  if (where === 'use' && open && anObject) copy.unevaluatedProperties = false;
  return copy;
}

/** The document as the contract holds answers to it: every response schema closed (see `closed`). */
function withClosedObjects(document: OpenApiDocument): OpenApiDocument {
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, closed(schema, 'component')]),
  );
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          {
            ...operation,
            responses: Object.fromEntries(
              Object.entries(operation.responses ?? {}).map(([status, response]) => [
                status,
                {
                  ...response,
                  content: Object.fromEntries(
                    Object.entries(response.content ?? {}).map(([type, media]) => [
                      type,
                      { ...media, schema: closed(media.schema, 'use') },
                    ]),
                  ),
                },
              ]),
            ),
          },
        ]),
      ),
    ]),
  );
  return { ...document, paths, components: { ...document.components, schemas } };
}

export function openApiContract(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  (addFormatsPlugin as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat('binary', true);
  // The whole document as one schema resource: the response schemas' `#/components/schemas/…` resolve inside it.
  ajv.addSchema({ ...withClosedObjects(document), $id: DOCUMENT_ID });
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (at: string) => {
    let validate = validators.get(at);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${at}` });
      validators.set(at, validate);
    }
    return validate;
  };

  // Literal segments before parameters: `/v1/offerings.ics` is not `/v1/offerings/{offeringId}`.
  const templates = Object.keys(document.paths ?? {})
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);

  const headerOf = (described: HeaderObject): HeaderObject => {
    const name = described.$ref?.replace('#/components/headers/', '');
    return name ? (document.components?.headers?.[name] ?? described) : described;
  };

  /** The ways `exchange` departs from the document; none when it is described. */
  function violations(exchange: Exchange): string[] {
    const path = new URL(exchange.url, 'http://gateway').pathname;
    const method = exchange.method.toLowerCase();
    const template = templates.find((t) => t.pattern.test(path))?.template;
    const operation = template ? document.paths?.[template]?.[method] : undefined;
    if (!template || !operation) {
      // Nothing is served there: the gateway's 404 `route-not-found` is the only answer it may give.
      return exchange.status === 404 ? [] : [`${exchange.method} ${path} is no operation of the document`];
    }
    const name = `${exchange.method.toUpperCase()} ${template} (${operation.operationId ?? 'no operationId'})`;
    const status = String(exchange.status);
    const responses = operation.responses ?? {};
    const documentedStatus = [status, `${status[0]}XX`, 'default'].find((s) => responses[s] !== undefined);
    if (!documentedStatus) return [`${name}: status ${status} is not documented`];
    const response = responses[documentedStatus] as ResponseObject;
    const found: string[] = [];

    const documentedHeaders = new Map(
      Object.entries(response.headers ?? {}).map(([h, described]) => [h.toLowerCase(), headerOf(described)]),
    );
    exchange.headers.forEach((_, header) => {
      if (!HTTP_HEADERS.has(header) && !documentedHeaders.has(header)) found.push(`header ${header} is not documented`);
    });
    for (const [header, described] of documentedHeaders) {
      if (described.required && !exchange.headers.has(header)) found.push(`required header ${header} is missing`);
    }

    // A 304 repeats the headers of the 200 it stands for; neither it nor a 204 has a body.
    if (exchange.status !== 304 && exchange.status !== 204) {
      const mediaType = mediaTypeOf(exchange.headers.get('content-type'));
      const content = response.content ?? {};
      const documentedType = Object.keys(content).find((type) => type.toLowerCase() === mediaType);
      if (!documentedType) {
        if (exchange.hasBody || Object.keys(content).length > 0) {
          found.push(`content type ${mediaType || '(none)'} is not documented (${Object.keys(content).join(', ') || 'no body'})`);
        }
      } else if (isJsonMediaType(mediaType) && content[documentedType]?.schema !== undefined) {
        const validate = validatorAt(
          pointer('paths', template, method, 'responses', documentedStatus, 'content', documentedType, 'schema'),
        );
        if (!validate(exchange.json)) {
          for (const error of validate.errors ?? []) {
            const member = (error.params as { unevaluatedProperty?: string }).unevaluatedProperty;
            found.push(`body${error.instancePath || ''} ${error.message ?? 'is invalid'}${member ? `: ${member}` : ''}`);
          }
        }
      }
    } else if (exchange.hasBody) {
      found.push(`a ${status} has no body`);
    }
    return found.map((f) => `${name} answered ${status}: ${f}`);
  }

  return { violations };
}
export type OpenApiContract = ReturnType<typeof openApiContract>;

/** Throws an error naming every departure, for the test that received the answer. */
export function assertDocumented(contract: OpenApiContract, exchange: Exchange): void {
  const found = contract.violations(exchange);
  if (found.length > 0) throw new Error(`The answer departs from the OpenAPI document:\n- ${found.join('\n- ')}`);
}
