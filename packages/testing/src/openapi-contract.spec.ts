import { expect, it } from 'vitest';
import { type Exchange, type OpenApiDocument, openApiContract } from './openapi-contract.ts';

/** A document in the gateway's shape: a schema component, a header component, a JSON and a file operation. */
const document: OpenApiDocument = {
  paths: {
    '/v1/offerings/{offeringId}': {
      get: {
        operationId: 'getOffering',
        responses: {
          200: {
            headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' }, etag: { required: false } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Offering' } } },
          },
          304: { headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' }, etag: {} } },
        },
      },
    },
    '/v1/seminars/{seminarId}': {
      get: {
        operationId: 'getSeminar',
        responses: {
          200: {
            headers: { 'x-request-id': {} },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SeminarDetail' } } },
          },
        },
      },
    },
    '/v1/offerings.ics': {
      get: {
        operationId: 'getOfferingsCalendar',
        responses: { 200: { headers: { 'x-request-id': {} }, content: { 'text/calendar': { schema: {} } } } },
      },
    },
  },
  components: {
    headers: { RequestId: { required: true } },
    schemas: {
      SeminarDetail: {
        allOf: [
          { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
          { type: 'object', properties: { offerings: { type: 'array', items: { $ref: '#/components/schemas/Offering' } } } },
        ],
      },
      Offering: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, capacity: { type: 'integer', minimum: 1 } },
        required: ['id', 'capacity'],
      },
    },
  },
};

const contract = openApiContract(document);
const offeringId = '8b2d7c55-1e4f-4a0b-8c3d-5f6e7a8b9c01';
const answer = (exchange: Partial<Omit<Exchange, 'headers'>> & { headers?: Record<string, string> }): Exchange => ({
  method: 'GET',
  url: `/v1/offerings/${offeringId}`,
  status: 200,
  json: { id: offeringId, capacity: 20 },
  hasBody: true,
  ...exchange,
  headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r-1', ...exchange.headers }),
});

it('accepts an answer the document describes, headers of HTTP itself included', () => {
  expect(contract.violations(answer({ headers: { etag: '"x"', 'content-length': '40', date: 'now' } }))).toEqual([]);
  expect(contract.violations(answer({ status: 304, json: undefined, hasBody: false }))).toEqual([]);
  expect(
    contract.violations(answer({ url: '/v1/offerings.ics?topic=x', headers: { 'content-type': 'text/calendar; charset=utf-8' } })),
  ).toEqual([]);
});

it('names the operation and every departure: status, headers, content type, body', () => {
  expect(contract.violations(answer({ status: 409 }))).toEqual([
    `GET /v1/offerings/{offeringId} (getOffering): status 409 is not documented`,
  ]);
  expect(contract.violations(answer({ headers: { 'x-internal': 'leaked' } }))).toEqual([
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: header x-internal is not documented',
  ]);
  const withoutRequestId = answer({});
  withoutRequestId.headers.delete('x-request-id');
  expect(contract.violations(withoutRequestId)).toEqual([
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: required header x-request-id is missing',
  ]);
  expect(contract.violations(answer({ headers: { 'content-type': 'text/html' } }))).toEqual([
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: content type text/html is not documented (application/json)',
  ]);
  expect(contract.violations(answer({ json: { id: 'not-a-uuid', capacity: 0 } }))).toEqual([
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: body/id must match format "uuid"',
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: body/capacity must be >= 1',
  ]);
});

it('knows no operation outside the document, where only a 404 may answer', () => {
  expect(contract.violations(answer({ method: 'DELETE' }))).toEqual([`DELETE /v1/offerings/${offeringId} is no operation of the document`]);
  expect(contract.violations(answer({ url: '/v1/nowhere', status: 404 }))).toEqual([]);
});

it('holds answers to the members the document names, also where schemas are composed', () => {
  expect(contract.violations(answer({ json: { id: offeringId, capacity: 20, bookedBy: 'internal' } }))).toEqual([
    'GET /v1/offerings/{offeringId} (getOffering) answered 200: body must NOT have unevaluated properties: bookedBy',
  ]);
  const seminar = { title: 'Vergaberecht', offerings: [{ id: offeringId, capacity: 20 }] };
  expect(contract.violations(answer({ url: `/v1/seminars/${offeringId}`, json: seminar }))).toEqual([]);
  expect(
    contract.violations(
      answer({ url: `/v1/seminars/${offeringId}`, json: { ...seminar, offerings: [{ id: offeringId, capacity: 20, x: 1 }] } }),
    ),
  ).toEqual(['GET /v1/seminars/{seminarId} (getSeminar) answered 200: body/offerings/0 must NOT have unevaluated properties: x']);
});
