import { exchangeOf } from '../contract-checks.ts';
import type { OpenApiContract } from '../openapi-contract.ts';

export interface Answer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * What is wrong with an answer, or nothing: it must be one the document describes for the operation (the contract
 * check every test uses), every error must be `application/problem+json` with a `detail`, and no request, however
 * broken, may cause a 5xx. `url` is the path and query as the server saw them (after URL normalisation).
 */
export function judge(contract: OpenApiContract, method: string, url: string, answer: Answer): string[] {
  const exchange = exchangeOf(method, url, answer, answer.bytes);
  const found = contract.violations(exchange).map((v) => v.replace(/^.*? answered \d{3}: /, ''));
  if (answer.status >= 500) found.unshift('server error');
  if (answer.status >= 400) {
    const type = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim();
    if (type !== 'application/problem+json') found.push(`error answered as ${type || 'no content type'}, not application/problem+json`);
    else {
      const detail = (exchange.json as { detail?: unknown } | undefined)?.detail;
      if (typeof detail !== 'string' || detail.trim() === '') found.push('problem without a detail');
    }
  }
  return [...new Set(found)];
}
