// A single-node Apache Kafka broker (KRaft, combined broker+controller) run straight from
// Maven Central jars, because there is no Docker engine on our machines.
// Used by `npm start`, the test harness and CI. CLI: node infra/kafka/broker.mjs start|stop [--data-dir D] [--port P] [--controller-port C]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KAFKA_VERSION = '3.9.1';
const here = dirname(fileURLToPath(import.meta.url));
const MARKER = '.complete';
const READY_TIMEOUT_MS = 90_000;

/** The development broker of `npm start` / `npm run infra:up`. */
export const DEV_KAFKA = { dataDir: join(here, '..', '..', '.seminarwerk', 'kafka'), port: 9092, controllerPort: 9093 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function kafkaCacheDir() {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'seminarwerk', `kafka-${KAFKA_VERSION}`);
}

function libsComplete(libs) {
  const marker = join(libs, MARKER);
  if (!existsSync(marker)) return false;
  return readFileSync(marker, 'utf8')
    .split('\n')
    .filter(Boolean)
    .every((jar) => existsSync(join(libs, jar)));
}

/** Fetches the broker jars once (mvn, ~6 s) into the user cache; returns the libs directory. */
export function ensureKafkaLibs({ log = () => {} } = {}) {
  const libs = join(kafkaCacheDir(), 'libs');
  if (libsComplete(libs)) return libs;

  // Download into a private temp dir and rename it into place, so a killed download never
  // looks complete and two processes racing here cannot corrupt each other.
  const tmp = `${libs}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  log(`fetching Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs}`);
  const mvn = spawnSync('mvn', ['-q', '-B', '-f', join(here, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`], {
    encoding: 'utf8',
  });
  if (mvn.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`mvn dependency:copy-dependencies failed (${mvn.error?.message ?? `exit ${mvn.status}`}):\n${mvn.stdout}${mvn.stderr}`);
  }
  const jars = readdirSync(tmp).filter((f) => f.endsWith('.jar'));
  writeFileSync(join(tmp, MARKER), `${jars.join('\n')}\n`);
  if (existsSync(libs) && !libsComplete(libs)) rmSync(libs, { recursive: true, force: true });
  try {
    renameSync(tmp, libs);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!libsComplete(libs)) throw error; // otherwise another process won the race
  }
  return libs;
}

const pidFile = (dataDir) => join(dataDir, 'broker.pid');

function readPid(dataDir) {
  try {
    const pid = Number.parseInt(readFileSync(pidFile(dataDir), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// Alive and really our broker: a stale pid file must never make us signal an unrelated
// process, and a zombie (exited, not yet reaped by a non-reaping PID 1) counts as gone.
function isBrokerProcess(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return process.platform !== 'linux';
  }
}

export function brokerRunning(dataDir) {
  const pid = readPid(dataDir);
  return pid !== undefined && isBrokerProcess(pid);
}

/** Stops the broker whose pid file is in dataDir (its whole process group). Safe when nothing runs. */
export async function stopBroker(dataDir, { signal = 'SIGTERM', timeoutMs = 20_000 } = {}) {
  const pid = readPid(dataDir);
  if (pid !== undefined && isBrokerProcess(pid)) {
    const kill = (sig) => {
      try {
        process.kill(-pid, sig);
      } catch {
        try {
          process.kill(pid, sig);
        } catch {}
      }
    };
    kill(signal);
    const deadline = Date.now() + timeoutMs;
    while (isBrokerProcess(pid) && Date.now() < deadline) await sleep(100);
    if (isBrokerProcess(pid)) {
      kill('SIGKILL');
      while (isBrokerProcess(pid)) await sleep(50);
    }
  }
  rmSync(pidFile(dataDir), { force: true });
}

function writeConfig(dataDir, port, controllerPort) {
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 4, // fewer partitions: the first consumer group join is much faster
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.partitions': 3,
    'auto.create.topics.enable': true,
    'log.dirs': join(dataDir, 'logs'),
    // After a crash the controller refuses the restarted broker until the old incarnation's
    // session expires (default 9 s, plus registration backoff: ~13 s). Shorter = fast restarts.
    'broker.session.timeout.ms': 3000,
    'broker.heartbeat.interval.ms': 500,
  };
  const file = join(dataDir, 'server.properties');
  writeFileSync(
    file,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  // Kafka's jars bring no log4j config; without one the broker logs nothing at all.
  const log4j = join(dataDir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.org.apache.kafka.clients=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
  return { file, log4j };
}

function clusterId(dataDir) {
  const file = join(dataDir, 'cluster.id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // 22 chars, Kafka's Uuid format. Like Kafka's own Uuid.randomUuid, never one that starts with "-": one in 64
  // random ids would, and a command line would read it as an option.
  let id = randomBytes(16).toString('base64url');
  while (id.startsWith('-')) id = randomBytes(16).toString('base64url');
  writeFileSync(file, `${id}\n`);
  return id;
}

function portOpen(port) {
  return new Promise((resolvePort) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

function readLog(file, from) {
  try {
    return readFileSync(file, 'utf8').slice(from);
  } catch {
    return '';
  }
}

// The first ERROR names the cause (e.g. a port in use); the tail shows where startup stopped.
function logExcerpt(file, from) {
  const lines = readLog(file, from).split('\n');
  const firstError = lines.findIndex((line) => /\] (ERROR|FATAL) /.test(line));
  const cause = firstError >= 0 ? `first error:\n${lines.slice(firstError, firstError + 2).join('\n')}\n` : '';
  return `${file}\n${cause}last lines:\n${lines.slice(-25).join('\n')}`;
}

/**
 * Formats (once per data dir) and starts the broker detached, in its own process group,
 * then waits until it is started and its port accepts connections.
 * With `ownerPid`, the broker and its data dir belong to that process: when it dies
 * without stopping the broker (Ctrl-C, crash, kill -9), a watchdog removes both.
 */
export async function startBroker({ dataDir, port = 9092, controllerPort = 9093, ownerPid, log = () => {} }) {
  const started = Date.now();
  dataDir = resolve(dataDir);
  if (brokerRunning(dataDir)) throw new Error(`a Kafka broker already runs for ${dataDir} (pid ${readPid(dataDir)})`);
  mkdirSync(dataDir, { recursive: true });
  const libs = ensureKafkaLibs({ log });
  const classpath = join(libs, '*');
  const { file: config, log4j } = writeConfig(dataDir, port, controllerPort);
  const jvm = [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
  ];

  if (!existsSync(join(dataDir, 'logs', 'meta.properties'))) {
    const format = spawnSync(
      'java',
      [
        ...jvm,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        `--cluster-id=${clusterId(dataDir)}`,
        '-c',
        config,
        '--ignore-formatted',
      ],
      { encoding: 'utf8', cwd: dataDir },
    );
    if (format.status !== 0) throw new Error(`kafka StorageTool format failed:\n${format.stdout}${format.stderr}`);
  }

  const logFile = join(dataDir, 'broker.log');
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0; // the log is appended across restarts
  const out = openSync(logFile, 'a');
  const child = spawn('java', [...jvm, '-cp', classpath, 'kafka.Kafka', config], {
    cwd: dataDir,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn java');
  writeFileSync(pidFile(dataDir), `${pid}\n`);
  if (ownerPid) startWatchdog(ownerPid, pid, dataDir);
  log(`Kafka broker starting (pid ${pid}, port ${port}, log ${logFile})`);

  const deadline = started + READY_TIMEOUT_MS;
  for (;;) {
    if (!isBrokerProcess(pid)) {
      rmSync(pidFile(dataDir), { force: true });
      throw new Error(`Kafka broker exited during startup; ${logExcerpt(logFile, logStart)}`);
    }
    if (readLog(logFile, logStart).includes('Kafka Server started') && (await portOpen(port))) break;
    if (Date.now() > deadline) {
      await stopBroker(dataDir, { signal: 'SIGKILL' });
      throw new Error(`Kafka broker not ready after ${READY_TIMEOUT_MS} ms; ${logExcerpt(logFile, logStart)}`);
    }
    await sleep(100);
  }
  const startupMs = Date.now() - started;
  log(`Kafka broker ready on 127.0.0.1:${port} in ${startupMs} ms`);
  return {
    brokers: `127.0.0.1:${port}`,
    pid,
    port,
    controllerPort,
    dataDir,
    startupMs,
    stop: (options) => stopBroker(dataDir, options),
  };
}

// A separate, detached process (a terminal's Ctrl-C reaches the whole foreground group,
// and nothing in the owner runs after SIGKILL), polling until the owner or the broker is gone.
function startWatchdog(ownerPid, brokerPid, dataDir) {
  const script = `
    const [owner, broker, dir] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    const timer = setInterval(() => {
      if (!alive(broker)) return clearInterval(timer);
      if (alive(owner)) return;
      clearInterval(timer);
      try { process.kill(-broker, 'SIGKILL'); } catch {}
      setTimeout(() => require('node:fs').rmSync(dir, { recursive: true, force: true }), 500);
    }, 500);`;
  spawn(process.execPath, ['-e', script, String(ownerPid), String(brokerPid), dataDir], {
    detached: true,
    stdio: 'ignore',
  }).unref();
}

function parseArgs(argv) {
  const args = { command: argv[0], ...DEV_KAFKA };
  for (let i = 1; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === '--data-dir') args.dataDir = value;
    else if (argv[i] === '--port') args.port = Number(value);
    else if (argv[i] === '--controller-port') args.controllerPort = Number(value);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { command, dataDir, port, controllerPort } = parseArgs(process.argv.slice(2));
  const log = (msg) => console.log(`[kafka] ${msg}`);
  if (command === 'start') {
    if (brokerRunning(dataDir)) log(`already running (pid ${readPid(dataDir)})`);
    else await startBroker({ dataDir, port, controllerPort, log });
  } else if (command === 'stop') {
    await stopBroker(dataDir);
    log('stopped');
  } else {
    console.error('usage: node infra/kafka/broker.mjs start|stop [--data-dir D] [--port P] [--controller-port C]');
    process.exit(2);
  }
}
