import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CalendarQuery,
  CapacityChangeInput,
  CatalogueQuery,
  Offering,
  OfferingCancellationInput,
  OfferingInput,
  OfferingList,
  OfferingPatch,
  RescheduleInput,
  Seminar,
  SeminarCancellationInput,
  SeminarDetail,
  SeminarInput,
  SeminarList,
  SeminarPatch,
} from '@seminarwerk/contracts/api';
import { principalIfAny, requireStaff } from '../auth/middleware.ts';
import { type CatalogueReadCache, catalogueReadCache, publicCaching } from '../caching.ts';
import type { Upstream } from '../proxy.ts';
import { anonymously, forwardingTo } from './forwarding.ts';
import {
  cachedRead,
  IdempotencyHeaders,
  json,
  jsonBody,
  keyOptional,
  keyRequired,
  NotModified,
  operation,
  problems,
  text,
} from './openapi.ts';

const SeminarParams = z.object({ seminarId: z.uuid().openapi({ param: { name: 'seminarId', in: 'path' } }) });
const OfferingParams = z.object({ offeringId: z.uuid().openapi({ param: { name: 'offeringId', in: 'path' } }) });

/** Every public catalogue read (GET only; writes on these paths pass through untouched). */
const publicReads = ['/v1/seminars', '/v1/seminars/*', '/v1/offerings', '/v1/offerings.ics', '/v1/offerings/*'];

const cachingNote =
  ' Carries `ETag`, `Vary: Authorization` and `Cache-Control: public, max-age=5` (with a back-office key: `private, ' +
  'max-age=5`); `If-None-Match` with the current ETag answers 304 without a body.';

const filtersNote =
  '`q` searches in German (stems, every word as a prefix: "Presse" finds "Pressearbeit"). `from`/`to` are days in ' +
  "Europe/Berlin, both inclusive. `city` is the venue's city, case-insensitive. `format` is `online` or `onsite`.";

export function catalogueRoutes(app: OpenAPIHono, catalogue: Upstream) {
  const forwarded = forwardingTo(app, catalogue);
  // One cache per path pattern; a request that two patterns match is kept by the first (caching.ts).
  const caches = publicReads.map(() => catalogueReadCache());
  publicReads.forEach((path, i) => {
    app.use(path, publicCaching(caches[i] as CatalogueReadCache));
  });
  // Any write (POST, PATCH, ...) that succeeds forgets every cached read.
  for (const path of ['/v1/seminars', '/v1/seminars/*', '/v1/offerings/*']) {
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.res.status < 400) for (const cache of caches) cache.forget();
    });
  }

  forwarded(
    operation({
      method: 'post',
      path: '/v1/seminars',
      operationId: 'createSeminar',
      tags: ['Catalogue'],
      summary: 'Create a seminar (back office)',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBody(SeminarInput) },
      responses: { 201: json(Seminar, 'The seminar'), ...problems(400, 403, 409, 422) },
    }),
    { caller: requireStaff, to: '/seminars' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/seminars',
      operationId: 'listSeminars',
      tags: ['Catalogue'],
      security: keyOptional,
      summary: 'Search seminars (public)',
      description:
        `Published seminars (with \`status\`: cancelled ones, or drafts with a back-office key, else 403), oldest first, a page at a time (\`limit\`, \`cursor\` = the last page's \`nextCursor\`). ${filtersNote} ` +
        'Date, place, format and seat filters keep the seminars with at least one published offering that matches.' +
        cachingNote,
      request: { query: CatalogueQuery },
      responses: { 200: cachedRead(json(SeminarList, 'A page of seminars')), 304: NotModified, ...problems(400, 403) },
    }),
    { caller: principalIfAny, to: '/seminars' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/offerings',
      operationId: 'listOfferings',
      tags: ['Catalogue'],
      security: keyOptional,
      summary: 'Search published offerings (public)',
      description:
        'Offerings by start time (then id), a page at a time: the published ones, or with `status` the cancelled ones or ' +
        `(back-office key only, else 403) the drafts. ${filtersNote}${cachingNote}`,
      request: { query: CatalogueQuery },
      responses: { 200: cachedRead(json(OfferingList, 'A page of offerings')), 304: NotModified, ...problems(400, 403) },
    }),
    { caller: principalIfAny, to: '/offerings' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/offerings.ics',
      operationId: 'getOfferingsCalendar',
      tags: ['Catalogue'],
      security: keyOptional,
      summary: 'Published offerings as an iCalendar feed (public)',
      description:
        'RFC 5545, filtered like `GET /v1/offerings` (at most 2000 offerings): one VEVENT per day (session) of each published ' +
        'offering, and cancelled ones stay with `STATUS:CANCELLED` so subscribed calendars drop them. UIDs are stable: ' +
        '`offering-<id>@seminarwerk` for the first day, `offering-<id>-<n>@seminarwerk` for day n; SEQUENCE grows with every ' +
        'change of date, place or status.' +
        cachingNote,
      request: { query: CalendarQuery },
      responses: { 200: cachedRead(text('text/calendar', 'The calendar')), 304: NotModified, ...problems(400) },
    }),
    { caller: anonymously, to: '/offerings.ics', query: (query, _, c) => ({ ...query, baseUrl: c.var.publicBaseUrl }) },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/seminars/{seminarId}',
      operationId: 'getSeminar',
      tags: ['Catalogue'],
      security: keyOptional,
      summary: 'Get a seminar with its offerings (public)',
      description:
        'The seminar and its offerings by start time: published ones and cancelled ones (`status: cancelled`), past ones too. ' +
        'A cancelled seminar stays readable. Drafts (a draft seminar, draft offerings) only with a back-office key; ' +
        'anyone else gets 404 as for an unknown id.' +
        cachingNote,
      request: { params: SeminarParams },
      responses: { 200: cachedRead(json(SeminarDetail, 'The seminar')), 304: NotModified, ...problems(400, 404) },
    }),
    { caller: principalIfAny, to: '/seminars/{seminarId}' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/seminars/{seminarId}/publish',
      operationId: 'publishSeminar',
      tags: ['Catalogue'],
      summary: 'Publish a draft seminar (back office)',
      description:
        'Publishes `catalogue.seminar.published.v1`: the seminar becomes public and its dates can be published. Its draft ' +
        'offerings stay drafts. A published seminar stays as it is (200, no event); a cancelled one answers 409 `seminar-cancelled`.',
      security: keyRequired,
      request: { params: SeminarParams, headers: IdempotencyHeaders },
      responses: { 200: json(Seminar, 'The published seminar'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requireStaff, to: '/seminars/{seminarId}/publish' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/seminars/{seminarId}/cancel',
      operationId: 'cancelSeminar',
      tags: ['Catalogue'],
      summary: 'Cancel a seminar and all its dates (back office)',
      description:
        'Publishes `catalogue.seminar.cancelled.v1` and, in the same transaction, `catalogue.offering.cancelled.v1` for every ' +
        'date of it not cancelled yet (registration then cancels their registrations free of charge and notifies the ' +
        'participants). Final: the seminar changes no more and gets no new dates (409 `seminar-cancelled`). Cancelling again ' +
        'answers 409 `seminar-already-cancelled`.',
      security: keyRequired,
      request: { params: SeminarParams, headers: IdempotencyHeaders, body: jsonBody(SeminarCancellationInput) },
      responses: { 200: json(Seminar, 'The cancelled seminar'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requireStaff, to: '/seminars/{seminarId}/cancel' },
  );

  forwarded(
    operation({
      method: 'patch',
      path: '/v1/seminars/{seminarId}',
      operationId: 'updateSeminar',
      tags: ['Catalogue'],
      summary: 'Change fields of a seminar (back office)',
      description:
        'JSON merge: the fields sent replace the current ones, the others stay. At least one field; an unknown field is a 400 ' +
        'naming it. Publishes `catalogue.seminar.updated.v1` with the fields whose value changed (none: nothing is published). ' +
        'Search and the public reads follow at once. Needs no `Idempotency-Key` (sending the same body again changes nothing). ' +
        'A cancelled seminar answers 409 `seminar-cancelled`.',
      security: keyRequired,
      request: { params: SeminarParams, body: jsonBody(SeminarPatch) },
      responses: { 200: json(Seminar, 'The seminar as it is now'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requireStaff, to: '/seminars/{seminarId}' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/seminars/{seminarId}/offerings',
      operationId: 'scheduleOffering',
      tags: ['Catalogue'],
      summary: 'Schedule a date of a seminar (back office)',
      description:
        'Publishes `catalogue.offering.scheduled.v1`. `status: draft` keeps the date out of the public lists, the feed and ' +
        'the seminar page, and closed for registration, until `POST /v1/offerings/{offeringId}/publish`; the default is `published`. ' +
        'An on-site date (`format: onsite`, the default) needs a `venue`; an online one has none and may carry the `onlineLink` ' +
        'for confirmed participants. A published date of a draft seminar answers 409 `seminar-not-published`, any date of a ' +
        'cancelled seminar 409 `seminar-cancelled`.',
      security: keyRequired,
      request: { params: SeminarParams, headers: IdempotencyHeaders, body: jsonBody(OfferingInput) },
      responses: { 201: json(Offering, 'The offering'), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/seminars/{seminarId}/offerings' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/offerings/{offeringId}',
      operationId: 'getOffering',
      tags: ['Catalogue'],
      security: keyOptional,
      summary: 'Get an offering with its free seats (public)',
      description: `Published and cancelled ones; drafts only with a back-office key (anyone else gets 404 as for an unknown id).${cachingNote}`,
      request: { params: OfferingParams },
      responses: { 200: cachedRead(json(Offering, 'The offering')), 304: NotModified, ...problems(400, 404) },
    }),
    { caller: principalIfAny, to: '/offerings/{offeringId}' },
  );

  forwarded(
    operation({
      method: 'patch',
      path: '/v1/offerings/{offeringId}',
      operationId: 'updateOffering',
      tags: ['Catalogue'],
      summary: 'Change fields of an offering (back office)',
      description:
        'JSON merge: the fields sent replace the current ones, the others stay; `onlineLink: null` removes the link. The result ' +
        'must satisfy every rule of a new offering (a 400 names the field). Switching `format` drops what belongs to the other ' +
        'one (the venue when going online, the link when going on site). Publishes `catalogue.offering.capacity-changed.v1` for ' +
        'a new capacity and `catalogue.offering.rescheduled.v1` for a new date, sessions, place, link or deadline; nothing when ' +
        'nothing changes. A new date not in the future is 422 `offering-in-the-past`; a cancelled offering answers 409 ' +
        '`offering-cancelled`. Status changes have their own operations (publish, cancel). Needs no `Idempotency-Key`.',
      security: keyRequired,
      request: { params: OfferingParams, body: jsonBody(OfferingPatch) },
      responses: { 200: json(Offering, 'The offering as it is now'), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/offerings/{offeringId}' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/offerings/{offeringId}/capacity',
      operationId: 'changeOfferingCapacity',
      tags: ['Catalogue'],
      summary: 'Change the capacity of an offering (back office)',
      description:
        'Publishes `catalogue.offering.capacity-changed.v1`. The same capacity again changes nothing. `seatsAvailable` follows ' +
        'once registration has applied the change. A cancelled offering answers 409 `offering-cancelled`.',
      security: keyRequired,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(CapacityChangeInput) },
      responses: { 200: json(Offering, 'The offering with its new capacity'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requireStaff, to: '/offerings/{offeringId}/capacity' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/offerings/{offeringId}/reschedule',
      operationId: 'rescheduleOffering',
      tags: ['Catalogue'],
      summary: 'Move an offering to a new date (back office)',
      description:
        'Publishes `catalogue.offering.rescheduled.v1`. `venue` and `registrationDeadline` stay as they are when left out; a kept ' +
        'deadline after the new start is a 400 naming `registrationDeadline`. A start not in the future is 422 `offering-in-the-past`. ' +
        'A cancelled offering answers 409 `offering-cancelled`.',
      security: keyRequired,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(RescheduleInput) },
      responses: { 200: json(Offering, 'The offering at its new date'), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/offerings/{offeringId}/reschedule' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/offerings/{offeringId}/publish',
      operationId: 'publishOffering',
      tags: ['Catalogue'],
      summary: 'Publish a draft offering (back office)',
      description:
        'Publishes `catalogue.offering.published.v1` (the data of `catalogue.offering.scheduled.v1`, `status: published`): the ' +
        'date becomes public and registration opens it. A published offering stays as it is (200, no event). A cancelled one ' +
        'answers 409 `offering-cancelled`, one of a draft seminar 409 `seminar-not-published`, one that has started 422 ' +
        '`offering-in-the-past`.',
      security: keyRequired,
      request: { params: OfferingParams, headers: IdempotencyHeaders },
      responses: { 200: json(Offering, 'The published offering'), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/offerings/{offeringId}/publish' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/offerings/{offeringId}/cancel',
      operationId: 'cancelOffering',
      tags: ['Catalogue'],
      summary: 'Cancel an offering (back office)',
      description:
        'Publishes `catalogue.offering.cancelled.v1`; the status becomes `cancelled` and the offering changes no more. ' +
        'Cancelling again answers 409 `offering-already-cancelled`.',
      security: keyRequired,
      request: { params: OfferingParams, headers: IdempotencyHeaders, body: jsonBody(OfferingCancellationInput) },
      responses: { 200: json(Offering, 'The cancelled offering'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requireStaff, to: '/offerings/{offeringId}/cancel' },
  );
}
