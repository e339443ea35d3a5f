import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook as it arrived: path, headers and the body's exact text (what the signature covers). */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** How the receiver answers one request. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request, in arrival order, answered or not. */
  received: ReceivedWebhook[];
  /** TCP connections accepted (a refused target must leave this unchanged). */
  connections(): number;
  /** Answers the next requests to `path` with these, one each, before answering 200 again. */
  answerNext(path: string, ...answers: Answer[]): void;
  /** Resolves once `count` requests match, with them; rejects after `timeoutMs`. */
  waitFor(predicate: (w: ReceivedWebhook) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 standing in for a partner's endpoint: records everything, answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const scripted = new Map<string, Answer[]>();
  const waiters = new Set<() => void>();
  let connections = 0;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
      const answer = scripted.get(path)?.shift() ?? { status: 200, body: 'ok' };
      response.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      for (const wake of waiters) wake();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    answerNext(path, ...answers) {
      scripted.set(path, [...(scripted.get(path) ?? []), ...answers]);
    },
    waitFor(predicate, { count = 1, timeoutMs = 30_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received.filter(predicate);
          if (matching.length < count) return;
          done();
          resolve(matching);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`expected ${count} webhook(s) within ${timeoutMs} ms, got ${received.filter(predicate).length}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
