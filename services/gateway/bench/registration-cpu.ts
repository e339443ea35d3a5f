/// <reference path="../../../infra/bench/autocannon.d.ts" />
// CPU time the gateway spends per `POST /v1/registrations` (issue 13), with nothing else in its process: the gateway
// runs from its sources in a process of its own (tsx) on a database of its own; behind it a stand-in registration
// service in this process answers every POST at once with a fixed 201, so what is measured is the gateway's own work
// (authentication, idempotency record, validation, signing, forwarding, relaying). The figure is utime + stime of the
// gateway process (/proc) over the measured phase divided by the answers in it, after a warm-up.
//
//   npx tsx services/gateway/bench/registration-cpu.ts [--requests 20000] [--connections 200] [--gets] [--profile <dir>]
//
// `--gets` measures `GET /v1/registrations/{id}` instead; `--profile <dir>` writes the gateway's V8 profile there
// (summarise with `npx tsx infra/bench/profile-summary.ts <dir>`); `--gateway <dir>` runs the gateway from another
// copy of services/gateway (e.g. `git archive` of an earlier commit, with node_modules linked) to compare with.
// Needs PostgreSQL (`npm run infra:up`).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { processCpuMs } from '../../../infra/bench/cpu.ts';
import { DEFAULT_ADMIN_URL, dropDatabase, ensureDatabase } from '../../../infra/postgres.mjs';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '4000' },
    connections: { type: 'string', default: '200' },
    gets: { type: 'boolean', default: false },
    profile: { type: 'string' },
    gateway: { type: 'string' },
  },
});
const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
const gatewayDir = args.gateway ?? fileURLToPath(new URL('..', import.meta.url));

const offeringId = randomUUID();
const registrationId = randomUUID();
/** What registration answers: about the size of a real registration. */
const answer = JSON.stringify({
  id: registrationId,
  offeringId,
  status: 'confirmed',
  participant: { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' },
  municipalityId: 'oldenburg',
  purchaseOrderReference: null,
  createdAt: '2027-01-04T09:00:00.000Z',
  updatedAt: '2027-01-04T09:00:00.000Z',
});

/** Every service the gateway forwards to or checks: ready, and 201/200 with the fixed registration. */
function standInService(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.startsWith('/health')) return void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const freePort = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

async function startGateway(env: Record<string, string>, profileDir: string | undefined): Promise<ChildProcess> {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const gateway = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.PORT}/health/ready`;
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (gateway.exitCode !== null) throw new Error(`the gateway exited with ${gateway.exitCode}`);
    if ((await fetch(url).catch(() => undefined))?.ok) return gateway;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the gateway did not become ready within 60 s');
}

/** `amount` requests from `connections` clients; each POST has a body and an Idempotency-Key of its own. */
async function load(url: string, key: string, amount: number, connections: number, gets: boolean) {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    amount,
    timeout: 30,
    requests: [
      gets
        ? { method: 'GET', path: `/v1/registrations/${registrationId}`, headers: { authorization: `Bearer ${key}` } }
        : {
            method: 'POST',
            path: '/v1/registrations',
            setupRequest: (request) => {
              n += 1;
              return {
                ...request,
                headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
                body: JSON.stringify({
                  offeringId,
                  participant: { firstName: `Teilnehmerin${n}`, lastName: 'Ansturm', email: `p${n}@rush.example` },
                  municipalityId: 'oldenburg',
                }),
              };
            },
          },
    ],
  });
  return { answers: result['2xx'] + result.non2xx, ok: result['2xx'], statuses: result.statusCodeStats, seconds: result.duration };
}

const services = await standInService();
const serviceUrl = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;
const databaseName = `sw_bench_gateway_${randomBytes(4).toString('hex')}`;
const databaseUrl = await ensureDatabase(adminUrl, databaseName);
const key = randomBytes(24).toString('base64url');
const port = await freePort();
const gateway = await startGateway(
  {
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn', // as in npm run bench:rush
    PRINCIPAL_SIGNING_SECRET: randomBytes(32).toString('base64url'),
    BOOTSTRAP_BACK_OFFICE_KEY: key,
    CATALOGUE_URL: serviceUrl,
    REGISTRATION_URL: serviceUrl,
    INVOICING_URL: serviceUrl,
    NOTIFICATION_URL: serviceUrl,
    BACKOFFICE_URL: serviceUrl,
    RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
    RATE_LIMIT_BACKOFFICE_BURST: '1000000',
  },
  args.profile,
);
const pid = gateway.pid as number;
try {
  const url = `http://127.0.0.1:${port}`;
  const connections = Number(args.connections);
  await load(url, key, Number(args.warmup), connections, args.gets);
  const before = processCpuMs(pid);
  const measured = await load(url, key, Number(args.requests), connections, args.gets);
  const cpuMs = processCpuMs(pid) - before;
  const route = args.gets ? 'GET /v1/registrations/{id}' : 'POST /v1/registrations';
  console.log(
    [
      `${route}: ${measured.answers} answers (${measured.ok} 2xx) from ${connections} connections in ${measured.seconds.toFixed(1)} s`,
      `  statuses: ${JSON.stringify(Object.fromEntries(Object.entries(measured.statuses).map(([s, { count }]) => [s, count])))}`,
      `  gateway CPU: ${cpuMs.toFixed(0)} ms, ${(cpuMs / measured.answers).toFixed(3)} ms per request, ${(measured.answers / measured.seconds).toFixed(0)} requests/s`,
    ].join('\n'),
  );
} finally {
  gateway.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
  services.closeAllConnections();
  services.close();
  await dropDatabase(adminUrl, databaseName);
}
