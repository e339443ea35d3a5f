import type { OpenApiDocument } from '../openapi-contract.ts';
import type { Schema } from './schema-values.ts';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation of the document, as the fuzzer needs it. */
export interface Operation {
  id: string;
  method: string;
  /** `/v1/offerings/{offeringId}` */
  template: string;
  parameters: Parameter[];
  body?: { required: boolean; mediaType: string; schema: Schema; example?: unknown };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

type Described = Record<string, unknown> & { $ref?: string };

/** Follows a `#/…` reference inside the document. */
export function resolver(document: OpenApiDocument) {
  return function resolve<T extends Described>(value: T): T {
    let current: Described = value;
    for (let hops = 0; current?.$ref && hops < 20; hops++) {
      current = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>(
          (node, key) => (node as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          document,
        ) as Described;
    }
    return current as T;
  };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = resolver(document);
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const described = (item as Record<string, Described | undefined>)[method];
      if (!described) continue;
      const parameters = ((described.parameters ?? []) as Described[]).map((p) => {
        const parameter = resolve(p) as unknown as Parameter;
        return { name: parameter.name, in: parameter.in, required: parameter.required === true, schema: parameter.schema ?? {} };
      });
      const requestBody = described.requestBody as
        | { required?: boolean; content?: Record<string, { schema?: Schema; example?: unknown }> }
        | undefined;
      const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
      operations.push({
        id: String(described.operationId ?? `${method} ${template}`),
        method: method.toUpperCase(),
        template,
        parameters,
        ...(mediaType && media
          ? { body: { required: requestBody?.required === true, mediaType, schema: media.schema ?? {}, example: media.example } }
          : {}),
      });
    }
  }
  return operations;
}
