// The reference for the catalogue benchmark: bare Hono on @hono/node-server (the versions the gateway
// uses) answering every GET with the same fixed bytes. Runs as its own process, so it shares no event
// loop with the load generator. Usage: bare-server.ts <body file>; prints {"port": n} once listening.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface BareServerReady {
  port: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: bare-server.ts <body file>');
const body = readFileSync(file);

const app = new Hono();
app.get('*', (c) => c.body(body, 200, { 'content-type': 'application/json' }));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  const ready: BareServerReady = { port: info.port };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
});
process.once('SIGTERM', () => {
  if ('closeAllConnections' in server) server.closeAllConnections();
  server.close(() => process.exit(0));
});
