import { type ServerType, serve } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface FetchApp {
  /** `env` carries Node's request and response (`c.env` in Hono, `HttpBindings`), see request-header.ts. */
  fetch: (request: Request, env: object) => Response | Promise<Response>;
}

export function startServer(app: FetchApp, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    server = serve({ fetch: (request, env) => app.fetch(request, env), port, hostname: host }, (info) => {
      const running = server as ServerType;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in running) running.closeAllConnections();
            running.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
