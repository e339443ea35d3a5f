import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { AccessExport, AccessRequest, AccessRequestAccepted, AccessRequestInput } from '@seminarwerk/contracts/api';
import { AppError } from '@seminarwerk/http';
import { requireStaff } from '../auth/middleware.ts';
import type { AccessRequests } from '../privacy/access-requests.ts';
import { served } from './forwarding.ts';
import { IdempotencyHeaders, json, jsonBodyWithExample, keyRequired, operation, problems, type Tag } from './openapi.ts';

const tags: [Tag] = ['Privacy'];
const exampleId = '0d5f1c7e-2b4a-4c8d-9e1f-3a2b1c0d9e8f';
const AccessRequestParams = z.object({
  accessRequestId: z.uuid().openapi({ param: { name: 'accessRequestId', in: 'path' }, example: exampleId }),
});

/** Without a database (a gateway built for its document only) the routes exist and answer 503. */
const unavailable = () => new AppError(503, 'service-unavailable', 'Access requests are not available on this gateway');

/** Access requests (DSGVO Art. 15): the back office asks, the gateway collects from every service, the back office downloads. */
export function privacyRoutes(app: OpenAPIHono, requests: AccessRequests | undefined) {
  const use = (): AccessRequests => {
    if (!requests) throw unavailable();
    return requests;
  };

  served(
    app,
    operation({
      method: 'post',
      path: '/v1/privacy/access-requests',
      operationId: 'requestAccessExport',
      tags,
      summary: 'Start an access export for a person: everything stored about them (back office)',
      description:
        'Every service holding personal data is asked, in the background, for what it stores about the e-mail address ' +
        '(any case): registrations and their events, e-mails sent, webhook payloads, invoice positions and the invoice lines ' +
        'about them. Poll the request until `completed`, then download the export.',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBodyWithExample(AccessRequestInput, { email: 'anna.meyer@oldenburg.example' }) },
      responses: {
        202: json(AccessRequestAccepted, 'Accepted: being collected', { id: exampleId, status: 'pending' }),
        ...problems(400, 403, 503),
      },
    }),
    requireStaff,
    async (c) => {
      const principal = requireStaff(c);
      if (principal.kind !== 'back-office') throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
      return c.json(await use().request(c.req.valid('json').email, principal), 202);
    },
  );

  served(
    app,
    operation({
      method: 'get',
      path: '/v1/privacy/access-requests/{accessRequestId}',
      operationId: 'getAccessRequest',
      tags,
      summary: 'An access request and how far its collection is, per service (back office)',
      description: '`status` is `completed` once every service has answered and the export can be downloaded.',
      security: keyRequired,
      request: { params: AccessRequestParams },
      responses: {
        200: json(AccessRequest, 'The request', {
          id: exampleId,
          status: 'pending',
          services: { registration: 'completed', notification: 'pending', invoicing: 'pending' },
          requestedAt: '2027-03-01T09:00:00.000Z',
        }),
        ...problems(400, 403, 404, 503),
      },
    }),
    requireStaff,
    async (c) => c.json(await use().status(c.req.valid('param').accessRequestId), 200),
  );

  served(
    app,
    operation({
      method: 'get',
      path: '/v1/privacy/access-requests/{accessRequestId}/export',
      operationId: 'getAccessExport',
      tags,
      summary: 'Download the access export: the data of every service and the German cover page (back office)',
      description:
        'The JSON document: `subject`, `coverPage` (the information of Art. 15(1)(a–h) DSGVO in German) and `services`, ' +
        'each service’s data as it stores it. While it is being collected: 409 `access-request-pending`.',
      security: keyRequired,
      request: { params: AccessRequestParams },
      responses: { 200: json(AccessExport, 'The export'), ...problems(400, 403, 404, 409, 503) },
    }),
    requireStaff,
    async (c) => c.body(await use().exportOf(c.req.valid('param').accessRequestId), 200, { 'content-type': 'application/json' }) as never,
  );
}
