import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Registration, RegistrationInput } from '@seminarwerk/contracts/api';
import { requirePrincipal } from '../auth/middleware.ts';
import { forward, type Upstream } from '../proxy.ts';
import { IdempotencyHeaders, json, jsonBody, problems, relay, security } from './openapi.ts';

const RegistrationParams = z.object({
  registrationId: z.uuid().openapi({ param: { name: 'registrationId', in: 'path' } }),
});

export function registrationRoutes(app: OpenAPIHono, registration: Upstream) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registrations',
      tags: ['Registrations'],
      summary: 'Register a participant: answered at once with confirmed or waitlisted (with position)',
      security,
      request: { headers: IdempotencyHeaders, body: jsonBody(RegistrationInput) },
      responses: { 201: json(Registration, 'The registration'), ...problems(400, 401, 409, 422) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return relay(c, await forward(registration, { method: 'POST', path: '/registrations', principal, body: c.req.valid('json') }));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registrations/{registrationId}',
      tags: ['Registrations'],
      summary: 'Get a registration (partners see only their own)',
      security,
      request: { params: RegistrationParams },
      responses: { 200: json(Registration, 'The registration'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/registrations/${c.req.valid('param').registrationId}`;
      return relay(c, await forward(registration, { method: 'GET', path, principal }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registrations/{registrationId}/cancel',
      tags: ['Registrations'],
      summary: 'Cancel a registration; a freed seat goes to the head of the waiting list',
      security,
      request: { params: RegistrationParams, headers: IdempotencyHeaders },
      responses: { 200: json(Registration, 'The cancelled registration'), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/registrations/${c.req.valid('param').registrationId}/cancel`;
      return relay(c, await forward(registration, { method: 'POST', path, principal }));
    },
  );
}
