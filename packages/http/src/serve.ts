import type { Server } from 'node:http';
import { type ServerType, serve } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  /**
   * Stops taking connections, lets the requests in flight finish (closing each keep-alive connection as soon as it
   * is idle) and resolves when the last one is done; after `graceMs` (default 10 s) the rest are cut off.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface FetchApp {
  /** `env` carries Node's request and response (`c.env` in Hono, `HttpBindings`), see request-header.ts. */
  fetch: (request: Request, env: object) => Response | Promise<Response>;
}

export function startServer(app: FetchApp, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    let closing = false;
    server = serve({ fetch: (request, env) => app.fetch(request, env), port, hostname: host }, (info) => {
      const running = server as Server;
      // Node closes idle keep-alive connections once, when close() is called; a connection whose request was still
      // running then would stay open until its keep-alive timeout (5 s) and hold close() up that long.
      running.on('request', (_request, response) => {
        response.once('finish', () => {
          if (closing) setImmediate(() => running.closeIdleConnections());
        });
      });
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: ({ graceMs = 10_000 } = {}) =>
          new Promise<void>((done) => {
            closing = true;
            const cutOff = setTimeout(() => running.closeAllConnections(), graceMs);
            running.close(() => {
              clearTimeout(cutOff);
              done();
            });
            running.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
