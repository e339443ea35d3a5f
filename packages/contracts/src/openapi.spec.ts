import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { Problem, RegistrationBatchInput, Seminar, SeminarDetail } from './api/index.ts';

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

describe('a route declared with these schemas, as the gateway declares its routes', () => {
  it('refuses text PostgreSQL cannot store in the raw body, since JSON.parse keeps a lone surrogate as it is', async () => {
    expect(JSON.parse('"N\\uD800"')).toBe('N\uD800');
    // The fields at fault, named as the gateway's validation hook names them (packages/http).
    const app = new OpenAPIHono({
      defaultHook: (result, c) => (result.success ? undefined : c.json({ fields: result.error.issues.map((i) => i.path.join('.')) }, 400)),
    });
    const route = createRoute({
      method: 'post',
      path: '/registration-batches',
      request: { body: { content: { 'application/json': { schema: RegistrationBatchInput } }, required: true } },
      responses: { 201: { description: 'booked' } },
    });
    app.openapi(route, (c) => c.body(null, 201));
    const person = (firstName: string) =>
      `{"offeringId":"3f0c6a52-1b9e-4c1e-9a51-2d7f0f4b6c11","participant":{"firstName":"${firstName}","lastName":"Muster","email":"a@b.example"}}`;
    const post = (firstName: string) =>
      app.request('/registration-batches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"registrations":[${person('Anna')},${person(firstName)}]}`,
      });

    expect((await post('Nina')).status).toBe(201);
    for (const unstorable of ['N\\uD800', 'N\\u0000', '\\uDC00']) {
      const refused = await post(unstorable);
      expect(refused.status, unstorable).toBe(400);
      expect(await refused.json(), unstorable).toEqual({ fields: ['registrations.1.participant.firstName'] });
    }
  });
});
