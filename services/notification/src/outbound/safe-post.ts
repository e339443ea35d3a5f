import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkUrl, hostOf, mayConnect, type TargetPolicy } from './target-policy.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver, as `dns.lookup`). */
export type Resolve = (host: string) => Promise<readonly ResolvedAddress[]>;

const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export interface OutboundOptions extends TargetPolicy {
  timeoutMs: number;
  /** How much of an answer's body is read; the rest is never read. */
  maxBodyBytes: number;
  resolve?: Resolve;
}

export type OutboundResult =
  /** The server answered (any status: a redirect is an answer, never followed). */
  | { kind: 'answered'; status: number; retryAfter: string | undefined; body: string; durationMs: number }
  /** No answer: a timeout, a refused or reset connection, an unknown host, a TLS failure. Worth retrying. */
  | { kind: 'unreachable'; error: string; durationMs: number }
  /** Not sent, by our rules: not https, or an internal address that is not allowed. Retrying cannot help. */
  | { kind: 'refused'; error: string; durationMs: number };

/**
 * POSTs a body to a partner's URL, safely:
 * - https only (plain http to allowed hosts);
 * - the host is resolved once, every address checked, and the connection made to the checked address (the `lookup`
 *   given to the request answers with it), so a DNS answer that changes between check and connect cannot redirect us
 *   to an internal address;
 * - no redirects followed; one timeout for the whole exchange; at most `maxBodyBytes` of the answer read.
 */
export async function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: OutboundOptions,
): Promise<OutboundResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = checkUrl(rawUrl, options);
  if (!checked.ok) return { kind: 'refused', error: `refused: ${checked.reason}`, durationMs: elapsed() };
  const { url } = checked;
  const host = hostOf(url);

  let addresses: readonly ResolvedAddress[];
  try {
    const literal = isIP(host);
    addresses = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await (options.resolve ?? systemResolve)(host);
  } catch (error) {
    return {
      kind: 'unreachable',
      error: `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      durationMs: elapsed(),
    };
  }
  const target = addresses.find((a) => mayConnect(host, a.address, options));
  if (!target) {
    const reason = addresses.length === 0 ? 'no address' : 'an internal (private, loopback or link-local) address';
    return { kind: 'refused', error: `refused: ${host} resolves to ${reason}`, durationMs: elapsed() };
  }

  // Node asks with `all: true` when it tries several addresses (autoSelectFamily): answer with the one checked.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as any)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');

  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        lookup: pinned,
        agent: false, // a connection of its own: nothing pooled outlives the check of its address
      },
      (response) =>
        readAtMost(response, options.maxBodyBytes).then(
          (bytes) =>
            finish({
              kind: 'answered',
              status: response.statusCode ?? 0,
              retryAfter: response.headers['retry-after'],
              body: storableText(bytes, options.maxBodyBytes),
              durationMs: elapsed(),
            }),
          (error: Error) => finish({ kind: 'unreachable', error: describe(error), durationMs: elapsed() }),
        ),
    );
    const timer = setTimeout(
      () => finish({ kind: 'unreachable', error: `timeout after ${options.timeoutMs} ms`, durationMs: elapsed() }),
      options.timeoutMs,
    );
    request.on('error', (error) => finish({ kind: 'unreachable', error: describe(error), durationMs: elapsed() }));
    request.end(payload);
  });
}

/** Reads up to `limit` bytes of the body and stops reading there (the socket is closed by the caller). */
function readAtMost(response: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.removeAllListeners('data');
      resolve(Buffer.concat(chunks).subarray(0, limit));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) done();
    });
    response.on('end', done);
    response.on('error', reject);
  });
}

/**
 * The bytes as text PostgreSQL can store in at most `limit` bytes: a character cut at the limit is dropped, and NUL
 * (which `text` refuses) is replaced.
 */
function storableText(bytes: Buffer, limit: number): string {
  let text = new TextDecoder('utf-8').decode(bytes).replaceAll('\u0000', '\uFFFD');
  while (Buffer.byteLength(text, 'utf8') > limit) text = text.slice(0, -1);
  return text;
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code ? `${code}: ${error.message}` : error.message).slice(0, 300);
}
