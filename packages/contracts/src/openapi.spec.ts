import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { Problem, Seminar, SeminarDetail } from './api/index.ts';

// What a client generated from the OpenAPI document learns from these schemas: the document is built from them as
// the gateway builds it (@hono/zod-openapi), so a schema that reads right in TypeScript but wrong in the document fails.

type JsonSchema = { [key: string]: any };

function componentsOf(...schemas: z.ZodType[]): Record<string, JsonSchema> {
  const app = new OpenAPIHono();
  for (const [i, schema] of schemas.entries()) {
    const route = createRoute({
      method: 'get',
      path: `/${i}`,
      responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } },
    });
    app.openapi(route, (c) => c.json({} as never));
  }
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'contracts', version: '1' } }).components?.schemas ?? {};
}

describe('the OpenAPI document', () => {
  it('lets a seminar be cancelled, as the API answers it', () => {
    const { Seminar: seminar } = componentsOf(Seminar, SeminarDetail);
    // No allOf with SeminarInput: its status (draft | published) would exclude `cancelled` from the intersection.
    expect(seminar?.allOf).toBeUndefined();
    expect(seminar?.properties.status.enum).toEqual(['draft', 'published', 'cancelled']);
    expect(seminar?.required).toEqual(expect.arrayContaining(['id', 'title', 'status', 'createdAt', 'cancellationTerms']));
  });

  it('documents the members problems add: the fields at fault, the registration held, when to retry', () => {
    const { Problem: problem } = componentsOf(Problem);
    expect(problem?.properties).toMatchObject({
      errors: { type: 'array', items: { properties: { field: { type: 'string' }, detail: { type: 'string' } } } },
      existingRegistrationId: { type: 'string', format: 'uuid' },
      retryAfterSeconds: { type: 'integer' },
    });
    expect(problem?.required).toEqual(['type', 'title', 'status', 'detail']);
  });
});
