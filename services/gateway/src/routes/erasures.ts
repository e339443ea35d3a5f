import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '@seminarwerk/http';
import { requireStaff } from '../auth/middleware.ts';
import { Erasure, ErasureAccepted, ErasureInput } from '../privacy/erasure-contract.ts';
import type { Erasures } from '../privacy/erasures.ts';
import { served } from './forwarding.ts';
import { IdempotencyHeaders, json, jsonBodyWithExample, keyRequired, operation, problems, type Tag } from './openapi.ts';

const tags: [Tag] = ['Privacy'];
const exampleId = '7c1e9a52-4f3b-4d6e-8a90-1b2c3d4e5f60';
const ErasureParams = z.object({
  erasureId: z.uuid().openapi({ param: { name: 'erasureId', in: 'path' }, example: exampleId }),
});

/** Without a database (a gateway built for its document only) the routes exist and answer 503. */
const unavailable = () => new AppError(503, 'service-unavailable', 'Erasures are not available on this gateway');

/** Erasure requests (DSGVO Art. 17): the back office asks, the gateway has every service erase and confirm. */
export function erasureRoutes(app: OpenAPIHono, erasures: Erasures | undefined) {
  const use = (): Erasures => {
    if (!erasures) throw unavailable();
    return erasures;
  };

  served(
    app,
    operation({
      method: 'post',
      path: '/v1/privacy/erasures',
      operationId: 'requestErasure',
      tags,
      summary: 'Erase a person: their data in every service, by e-mail address or one of their registrations (back office)',
      description:
        'Exactly one of `email` (any case) and `registrationId`. In the background, registration erases the person from ' +
        'their registrations (which still count for seats and waiting lists, naming nobody), notification and invoicing ' +
        'blank their copies (issued invoices and credit notes keep their lines, as the law requires), and the gateway ' +
        'removes its own. Poll the erasure until `completed`; an unknown `registrationId` ends it `failed`. ' +
        'What was asked for is kept only until registration has answered: afterwards the erasure holds ids only.',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBodyWithExample(ErasureInput, { email: 'anna.meyer@oldenburg.example' }) },
      responses: {
        202: json(ErasureAccepted, 'Accepted: being carried out', { id: exampleId, status: 'pending' }),
        ...problems(400, 403, 503),
      },
    }),
    requireStaff,
    async (c) => {
      const principal = requireStaff(c);
      if (principal.kind !== 'back-office') throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
      return c.json(await use().request(c.req.valid('json'), principal), 202);
    },
  );

  served(
    app,
    operation({
      method: 'get',
      path: '/v1/privacy/erasures/{erasureId}',
      operationId: 'getErasure',
      tags,
      summary: 'An erasure and which services have confirmed it (back office)',
      description:
        '`completed` once every service has confirmed that its copies of the person are gone; `failed` (with `failure`) ' +
        'when the registration asked for does not exist. `registrations`: how many registrations were the person’s. ' +
        'Catalogue holds no participant data and is `completed` at once.',
      security: keyRequired,
      request: { params: ErasureParams },
      responses: {
        200: json(Erasure, 'The erasure', {
          id: exampleId,
          status: 'pending',
          services: {
            registration: 'completed',
            notification: 'completed',
            invoicing: 'pending',
            catalogue: 'completed',
            gateway: 'pending',
          },
          registrations: 2,
          requestedAt: '2027-03-01T09:00:00.000Z',
        }),
        ...problems(400, 403, 404, 503),
      },
    }),
    requireStaff,
    async (c) => c.json(await use().status(c.req.valid('param').erasureId), 200),
  );
}
