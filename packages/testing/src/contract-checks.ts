import {
  assertDocumented,
  type Exchange,
  isJsonMediaType,
  mediaTypeOf,
  type OpenApiContract,
  type OpenApiDocument,
  openApiContract,
} from './openapi-contract.ts';

/** Where the gateway serves its document; the document describes everything under /v1/ but itself. */
export const DOCUMENT_PATH = '/v1/openapi.json';

/**
 * On in every test run (vitest sets VITEST), so every answer a test receives through `apiClient`, `checkedFetch` or
 * an in-process gateway is held to the document; off with OPENAPI_CONTRACT_CHECK=off, and never in `npm start`, the
 * seed or the benchmarks.
 */
export const contractCheckEnabled = () => process.env.VITEST !== undefined && process.env.OPENAPI_CONTRACT_CHECK !== 'off';

/** The contract of the document `read` answers with. */
async function contractOf(answer: Promise<Response>, where: string): Promise<OpenApiContract> {
  const response = await answer;
  if (response.status !== 200) throw new Error(`${where} answered ${response.status}`);
  return openApiContract((await response.json()) as OpenApiDocument);
}

/** The document the gateway at `origin` serves, read once per gateway. */
const served = new Map<string, Promise<OpenApiContract>>();
export function servedContract(origin: string): Promise<OpenApiContract> {
  let contract = served.get(origin);
  if (!contract) {
    contract = contractOf(fetch(new URL(DOCUMENT_PATH, origin)), `${origin}${DOCUMENT_PATH}`);
    served.set(origin, contract);
  }
  return contract;
}

/** The exchange as the contract sees it, from the bytes of the answer. */
export function exchangeOf(method: string, url: string, response: { status: number; headers: Headers }, bytes: Uint8Array): Exchange {
  const mediaType = mediaTypeOf(response.headers.get('content-type'));
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  if (isJsonMediaType(mediaType) && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = Symbol('not JSON'); // fails every schema, naming the answer
    }
  }
  return { method, url, status: response.status, headers: response.headers, json, hasBody: bytes.byteLength > 0 };
}

/** Checks an answer (throwing for a departure) and gives back an equal one, its body unread. */
async function checked(contract: Promise<OpenApiContract>, method: string, url: string, response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  assertDocumented(await contract, exchangeOf(method, url, response, bytes));
  const body = response.status === 204 || response.status === 304 ? null : bytes;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Health checks, the reference page and the document itself are not operations of the document. */
export const outsideTheDocument = (url: string) =>
  !new URL(url, 'http://gateway').pathname.startsWith('/v1/') || new URL(url, 'http://gateway').pathname === DOCUMENT_PATH;

/** `fetch` to the gateway, its answer checked against the document the gateway serves. */
export async function checkedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(input, init);
  const url = new URL(input);
  if (!contractCheckEnabled() || outsideTheDocument(url.href)) return response;
  return checked(servedContract(url.origin), init.method ?? 'GET', `${url.pathname}${url.search}`, response);
}

type RequestOf = (input: string | Request | URL, init?: RequestInit, ...rest: never[]) => Response | Promise<Response>;

/**
 * A gateway in the test's own process (Hono's `app.request`) whose every answer is checked against the document it
 * serves itself.
 */
export function checkingAnswers<A extends { request: RequestOf }>(app: A): A {
  if (!contractCheckEnabled()) return app;
  const request = app.request.bind(app) as (...args: Parameters<RequestOf>) => Promise<Response>;
  let contract: Promise<OpenApiContract> | undefined;
  app.request = (async (input: string | Request | URL, init?: RequestInit, ...rest: never[]) => {
    const response = await request(input, init, ...rest);
    const url = input instanceof Request ? input.url : String(input);
    if (outsideTheDocument(url)) return response;
    contract ??= contractOf(request(DOCUMENT_PATH), DOCUMENT_PATH);
    return checked(contract, init?.method ?? (input instanceof Request ? input.method : 'GET'), url, response);
  }) as A['request'];
  return app;
}
