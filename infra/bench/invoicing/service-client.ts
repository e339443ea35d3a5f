import { request } from 'node:http';
import { type Principal, principalHeaders } from '@seminarwerk/http';

const backOffice: Principal = { kind: 'back-office', actor: 'bench', keyId: 'bench' };

/** A service of the system and the secret its principals are signed with (RunningSystem.principalSigningSecret). */
export interface ServiceTarget {
  url: string;
  principalSigningSecret: string;
}

/**
 * A call to a service's internal API as the back office, over plain node:http without any timeout: an invoice
 * run over 1,000 positions answers only when it is done, which can take minutes.
 */
export function callAsBackOffice<T>(
  service: ServiceTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(path, service.url);
    const principal = principalHeaders(backOffice, service.principalSigningSecret, { method, path: `${url.pathname}${url.search}` });
    const req = request(url, {
      method,
      headers: { ...principal, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
