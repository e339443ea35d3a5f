import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AttendanceInput,
  Registration,
  RegistrationBatchInput,
  RegistrationBatchResult,
  RegistrationInput,
  RegistrationPage,
  RegistrationQuery,
  SubstituteInput,
} from '@seminarwerk/contracts/api';
import { requirePrincipal, requireStaff } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
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

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registrations',
      tags: ['Registrations'],
      summary: 'List registrations (partners: their own), filtered, oldest first, with cursor pagination',
      security,
      request: { query: RegistrationQuery },
      responses: { 200: json(RegistrationPage, 'A page of registrations'), ...problems(400, 401) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return relay(
        c,
        await forward(registration, { method: 'GET', path: `/registrations${queryString(c.req.valid('query'))}`, principal }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registration-batches',
      tags: ['Registrations'],
      summary: `Register up to ${200} people at once, answered per person; dryRun shows the outcome without booking`,
      description:
        'Each person is decided on their own, in the order given: on a full offering, those after the last free seat join the waiting list in that order. Refusals (duplicate, deadline passed, ...) do not stop the others.',
      security,
      request: { headers: IdempotencyHeaders, body: jsonBody(RegistrationBatchInput) },
      responses: {
        201: json(RegistrationBatchResult, 'The outcome per person'),
        200: json(RegistrationBatchResult, 'The outcome a dry run would have'),
        ...problems(400, 401),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return relay(c, await forward(registration, { method: 'POST', path: '/registration-batches', principal, body: c.req.valid('json') }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registrations/{registrationId}/substitute',
      tags: ['Registrations'],
      summary: 'Another person takes over a confirmed place (where the cancellation terms allow substitutes)',
      security,
      request: { params: RegistrationParams, headers: IdempotencyHeaders, body: jsonBody(SubstituteInput) },
      responses: { 200: json(Registration, 'The registration, now for the substitute'), ...problems(400, 401, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/registrations/${c.req.valid('param').registrationId}/substitute`;
      return relay(c, await forward(registration, { method: 'POST', path, principal, body: c.req.valid('json') }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registrations/{registrationId}/attendance',
      tags: ['Registrations'],
      summary: 'Record attendance after the date: attended or no-show (back office)',
      security,
      request: { params: RegistrationParams, headers: IdempotencyHeaders, body: jsonBody(AttendanceInput) },
      responses: { 200: json(Registration, 'The registration'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const path = `/registrations/${c.req.valid('param').registrationId}/attendance`;
      return relay(c, await forward(registration, { method: 'POST', path, principal, body: c.req.valid('json') }));
    },
  );
}
