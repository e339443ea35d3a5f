import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AttendanceInput,
  CancelInput,
  CancellationPreview,
  Registration,
  RegistrationBatchInput,
  RegistrationBatchResult,
  RegistrationInput,
  RegistrationPage,
  RegistrationQuery,
  RegistrationSummaries,
  RegistrationSummaryQuery,
  SubstituteInput,
  SubstitutionPreview,
} from '@seminarwerk/contracts/api';
import { requirePrincipal, requireStaff } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { header, IdempotencyHeaders, json, jsonBody, keyRequired, operation, problem, problems } from './openapi.ts';

/**
 * A busy offering (decisions.md 106): registration refuses at once what would wait too long in the offering's line,
 * decides nothing, and says when to come back. The edge's own 503 (`service-unavailable`) shares this answer.
 */
const offeringBusy = {
  503: {
    ...problem('Service Unavailable: `offering-busy` or `service-unavailable`'),
    headers: {
      'retry-after': header('Seconds to wait before sending the same request again, with the same Idempotency-Key', {
        required: true,
        example: '2',
      }),
    },
  },
};
const BUSY =
  'Under a rush the requests waiting for one offering are bounded: one that would wait too long is answered at once with 503 ' +
  '`offering-busy` and `Retry-After`. Nothing was decided, so send the same request with the same Idempotency-Key again after ' +
  'that many seconds; it is then decided like any other.';

const RegistrationParams = z.object({
  registrationId: z.uuid().openapi({ param: { name: 'registrationId', in: 'path' } }),
});

export function registrationRoutes(app: OpenAPIHono, registration: Upstream) {
  const forwarded = forwardingTo(app, registration);
  forwarded(
    operation({
      method: 'post',
      path: '/v1/registrations',
      operationId: 'register',
      tags: ['Registrations'],
      summary: 'Register a participant: answered at once with confirmed or waitlisted (with position)',
      description: BUSY,
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBody(RegistrationInput) },
      responses: { 201: json(Registration, 'The registration'), ...problems(400, 409, 422), ...offeringBusy },
    }),
    { caller: requirePrincipal, to: '/registrations' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/registration-summaries',
      operationId: 'listRegistrationSummaries',
      tags: ['Registrations'],
      summary: 'Seats, confirmed, waiting and attended per offering (back office)',
      description:
        'For up to 100 offerings at once (`offeringId`, comma-separated), in the order asked. Offerings registration does not ' +
        'know yet are left out.',
      security: keyRequired,
      request: { query: RegistrationSummaryQuery },
      responses: {
        200: json(RegistrationSummaries, 'One summary per known offering', {
          items: [{ offeringId: '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d', capacity: 20, confirmed: 20, waitlisted: 3, attended: 0 }],
        }),
        ...problems(400, 403),
      },
    }),
    { caller: requireStaff, to: '/registration-summaries', query: ({ offeringId }) => ({ offeringId: offeringId.join(',') }) },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/registrations/{registrationId}',
      operationId: 'getRegistration',
      tags: ['Registrations'],
      summary: 'Get a registration (partners see only their own)',
      security: keyRequired,
      request: { params: RegistrationParams },
      responses: { 200: json(Registration, 'The registration'), ...problems(400, 404) },
    }),
    { caller: requirePrincipal, to: '/registrations/{registrationId}' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/registrations/{registrationId}/cancel',
      operationId: 'cancelRegistration',
      tags: ['Registrations'],
      summary: 'Cancel a registration; a freed seat goes to the head of the waiting list. dryRun shows the cancellation first',
      description:
        'The body is optional. With `{ "dryRun": true }` nothing is cancelled: the answer is the cancellation as it would be ' +
        'now (its classification under the cancellation terms with the amount, and who would move up from the waiting ' +
        'list), refused with the same problems as the cancellation itself.',
      security: keyRequired,
      request: { params: RegistrationParams, headers: IdempotencyHeaders, body: { ...jsonBody(CancelInput), required: false } },
      responses: {
        200: json(z.union([Registration, CancellationPreview]), 'The cancelled registration, or with `dryRun` the preview', {
          dryRun: true,
          registrationId: '3f0c9a8e-2b1d-4c5e-8f7a-6b5c4d3e2f10',
          offeringId: '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d',
          status: 'confirmed',
          cancellation: { reason: 'participant', kind: 'late', feePercent: 50, amount: { amountCents: 14500, currency: 'EUR' } },
          movesUp: [{ registrationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', participant: { firstName: 'Jonas', lastName: 'Weber' } }],
        }),
        ...problems(400, 404, 409),
      },
    }),
    { caller: requirePrincipal, to: '/registrations/{registrationId}/cancel' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/registrations',
      operationId: 'listRegistrations',
      tags: ['Registrations'],
      summary: 'List registrations (partners: their own), filtered, oldest first, with cursor pagination',
      security: keyRequired,
      request: { query: RegistrationQuery },
      responses: { 200: json(RegistrationPage, 'A page of registrations'), ...problems(400) },
    }),
    { caller: requirePrincipal, to: '/registrations' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/registration-batches',
      operationId: 'registerGroup',
      tags: ['Registrations'],
      summary: `Register up to ${200} people at once, answered per person; dryRun shows the outcome without booking`,
      description:
        'Each person is decided on their own, in the order given: on a full offering, those after the last free seat join the ' +
        'waiting list in that order. Refusals (duplicate, deadline passed, ...) do not stop the others. A group waits in its ' +
        `offerings' lines like that many single registrations. ${BUSY}`,
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBody(RegistrationBatchInput) },
      responses: {
        201: json(RegistrationBatchResult, 'The outcome per person'),
        200: json(RegistrationBatchResult, 'The outcome a dry run would have'),
        ...problems(400),
        ...offeringBusy,
      },
    }),
    { caller: requirePrincipal, to: '/registration-batches' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/registrations/{registrationId}/substitute',
      operationId: 'substituteParticipant',
      tags: ['Registrations'],
      summary: 'Another person takes over a confirmed place (where the cancellation terms allow substitutes); dryRun checks first',
      security: keyRequired,
      request: { params: RegistrationParams, headers: IdempotencyHeaders, body: jsonBody(SubstituteInput) },
      responses: {
        200: json(z.union([Registration, SubstitutionPreview]), 'The registration, now for the substitute; with `dryRun` as it would be'),
        ...problems(400, 404, 409, 422),
      },
    }),
    { caller: requirePrincipal, to: '/registrations/{registrationId}/substitute' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/registrations/{registrationId}/attendance',
      operationId: 'recordAttendance',
      tags: ['Registrations'],
      summary: 'Record attendance after the date: attended or no-show (back office)',
      security: keyRequired,
      request: { params: RegistrationParams, headers: IdempotencyHeaders, body: jsonBody(AttendanceInput) },
      responses: { 200: json(Registration, 'The registration'), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/registrations/{registrationId}/attendance' },
  );
}
