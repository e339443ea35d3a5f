import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CapacityChangeInput,
  Offering,
  OfferingCancellationInput,
  OfferingInput,
  RescheduleInput,
  Seminar,
  SeminarInput,
  SeminarList,
} from '@seminarwerk/contracts/api';
import { requireStaff } from '../auth/middleware.ts';
import { forward, type Upstream } from '../proxy.ts';
import { IdempotencyHeaders, json, jsonBody, problems, relay, security } from './openapi.ts';

const SeminarParams = z.object({ seminarId: z.uuid().openapi({ param: { name: 'seminarId', in: 'path' } }) });
const OfferingParams = z.object({ offeringId: z.uuid().openapi({ param: { name: 'offeringId', in: 'path' } }) });

export function catalogueRoutes(app: OpenAPIHono, catalogue: Upstream) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/seminars',
      tags: ['Catalogue'],
      summary: 'Create a seminar (back office)',
      security,
      request: { headers: IdempotencyHeaders, body: jsonBody(SeminarInput) },
      responses: { 201: json(Seminar, 'The seminar'), ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      return relay(c, await forward(catalogue, { method: 'POST', path: '/seminars', principal, body: c.req.valid('json') }));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/seminars',
      tags: ['Catalogue'],
      summary: 'List seminars (public)',
      responses: { 200: json(SeminarList, 'Seminars') },
    }),
    async (c) => relay(c, await forward(catalogue, { method: 'GET', path: '/seminars' })),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/seminars/{seminarId}',
      tags: ['Catalogue'],
      summary: 'Get a seminar (public)',
      request: { params: SeminarParams },
      responses: { 200: json(Seminar, 'The seminar'), ...problems(400, 404) },
    }),
    async (c) => relay(c, await forward(catalogue, { method: 'GET', path: `/seminars/${c.req.valid('param').seminarId}` })),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/seminars/{seminarId}/offerings',
      tags: ['Catalogue'],
      summary: 'Schedule a date of a seminar (back office)',
      security,
      request: { params: SeminarParams, headers: IdempotencyHeaders, body: jsonBody(OfferingInput) },
      responses: { 201: json(Offering, 'The offering'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const { seminarId } = c.req.valid('param');
      return relay(
        c,
        await forward(catalogue, { method: 'POST', path: `/seminars/${seminarId}/offerings`, principal, body: c.req.valid('json') }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/offerings/{offeringId}',
      tags: ['Catalogue'],
      summary: 'Get an offering with its free seats (public)',
      request: { params: OfferingParams },
      responses: { 200: json(Offering, 'The offering'), ...problems(400, 404) },
    }),
    async (c) => relay(c, await forward(catalogue, { method: 'GET', path: `/offerings/${c.req.valid('param').offeringId}` })),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/offerings/{offeringId}/capacity',
      tags: ['Catalogue'],
      summary: 'Change the capacity of an offering (back office)',
      description:
        'Publishes `catalogue.offering.capacity-changed.v1`. The same capacity again changes nothing. `seatsAvailable` follows ' +
        'once registration has applied the change. A cancelled offering answers 409 `offering-cancelled`.',
      security,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(CapacityChangeInput) },
      responses: { 200: json(Offering, 'The offering with its new capacity'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const { offeringId } = c.req.valid('param');
      return relay(
        c,
        await forward(catalogue, { method: 'POST', path: `/offerings/${offeringId}/capacity`, principal, body: c.req.valid('json') }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/offerings/{offeringId}/reschedule',
      tags: ['Catalogue'],
      summary: 'Move an offering to a new date (back office)',
      description:
        'Publishes `catalogue.offering.rescheduled.v1`. `venue` and `registrationDeadline` stay as they are when left out; a kept ' +
        'deadline after the new start is a 400 naming `registrationDeadline`. A start not in the future is 422 `offering-in-the-past`. ' +
        'A cancelled offering answers 409 `offering-cancelled`.',
      security,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(RescheduleInput) },
      responses: { 200: json(Offering, 'The offering at its new date'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const { offeringId } = c.req.valid('param');
      return relay(
        c,
        await forward(catalogue, { method: 'POST', path: `/offerings/${offeringId}/reschedule`, principal, body: c.req.valid('json') }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/offerings/{offeringId}/cancel',
      tags: ['Catalogue'],
      summary: 'Cancel an offering (back office)',
      description:
        'Publishes `catalogue.offering.cancelled.v1`; the status becomes `cancelled` and the offering changes no more. ' +
        'Cancelling again answers 409 `offering-already-cancelled`.',
      security,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(OfferingCancellationInput) },
      responses: { 200: json(Offering, 'The cancelled offering'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const { offeringId } = c.req.valid('param');
      return relay(
        c,
        await forward(catalogue, { method: 'POST', path: `/offerings/${offeringId}/cancel`, principal, body: c.req.valid('json') }),
      );
    },
  );
}
