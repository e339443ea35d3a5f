// The XRechnung validator: Mustang's validator (UBL 2.1 schema, EN 16931 and XRechnung 3.0 schematron) from
// Maven Central in one warm JVM behind a small HTTP server (XRechnungValidatorServer.java), because a JVM per
// document costs seconds. Used by `npm start`, the test harness and CI, like infra/kafka/broker.mjs.
// CLI: node infra/validator/validator.mjs start|stop [--data-dir D] [--port P]
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Keep in step with pom.xml. */
export const MUSTANG_VERSION = '2.22.0';
const here = dirname(fileURLToPath(import.meta.url));
const SERVER_CLASS = 'XRechnungValidatorServer';
const SERVER_SOURCE = join(here, `${SERVER_CLASS}.java`);
const WARM_UP_DOCUMENT = join(here, 'warm-up.xml');
const MARKER = '.complete';
// The first start compiles the rules (~6 s on an idle machine); two busy cores can make that several times longer.
const READY_TIMEOUT_MS = 180_000;

/** The development validator of `npm start` / `npm run infra:up`. */
export const DEV_VALIDATOR = { dataDir: join(here, '..', '..', '.seminarwerk', 'validator'), port: 8081 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function validatorCacheDir() {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'seminarwerk', `mustang-${MUSTANG_VERSION}`);
}

function complete(dir) {
  const marker = join(dir, MARKER);
  if (!existsSync(marker)) return false;
  return readFileSync(marker, 'utf8')
    .split('\n')
    .filter(Boolean)
    .every((file) => existsSync(join(dir, file)));
}

// Builds into a private temp dir and renames it into place, so a killed build never looks complete and two
// processes racing here (two test runs) cannot corrupt each other.
function buildOnce(dir, build) {
  if (complete(dir)) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  try {
    build(tmp);
    const files = readdirSync(tmp, { recursive: true }).filter((f) => statSync(join(tmp, f)).isFile());
    writeFileSync(join(tmp, MARKER), `${files.join('\n')}\n`);
    if (existsSync(dir) && !complete(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!complete(dir)) throw error; // otherwise another process won the race
  }
  return dir;
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/** Fetches Mustang's jars once (mvn, ~10 s, 51 MB) into the user cache; returns the libs directory. */
export function ensureValidatorLibs({ log = () => {} } = {}) {
  const libs = join(validatorCacheDir(), 'libs');
  if (complete(libs)) return libs;
  log(`fetching Mustang validator ${MUSTANG_VERSION} jars from Maven Central into ${libs}`);
  return buildOnce(libs, (tmp) =>
    run('mvn', ['-q', '-B', '-f', join(here, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`]),
  );
}

/** Compiles the server once per version of its source (javac, ~5 s); returns the classes directory. */
export function ensureValidatorServer({ libs, log = () => {} }) {
  const source = readFileSync(SERVER_SOURCE);
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const classes = join(validatorCacheDir(), `server-${digest}`);
  if (complete(classes)) return classes;
  log(`compiling ${SERVER_CLASS}.java into ${classes}`);
  return buildOnce(classes, (tmp) => run('javac', ['-encoding', 'UTF-8', '-cp', join(libs, '*'), '-d', tmp, SERVER_SOURCE]));
}

const pidFile = (dataDir) => join(dataDir, 'validator.pid');
const urlFile = (dataDir) => join(dataDir, 'validator.url');

function readPid(dataDir) {
  try {
    const pid = Number.parseInt(readFileSync(pidFile(dataDir), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// Alive and really our validator: a stale pid file must never make us signal an unrelated process, and a
// zombie (exited, not yet reaped) counts as gone.
function isValidatorProcess(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(SERVER_CLASS);
  } catch {
    return process.platform !== 'linux';
  }
}

/** The URL of the validator whose pid file is in dataDir, if it runs. */
export function runningValidator(dataDir) {
  const pid = readPid(dataDir);
  if (pid === undefined || !isValidatorProcess(pid)) return undefined;
  try {
    return readFileSync(urlFile(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Stops the validator whose pid file is in dataDir. Safe when nothing runs. */
export async function stopValidator(dataDir, { signal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
  const pid = readPid(dataDir);
  if (pid !== undefined && isValidatorProcess(pid)) {
    const kill = (sig) => {
      try {
        process.kill(-pid, sig); // its own process group (spawned detached)
      } catch {
        try {
          process.kill(pid, sig);
        } catch {}
      }
    };
    kill(signal);
    const deadline = Date.now() + timeoutMs;
    while (isValidatorProcess(pid) && Date.now() < deadline) await sleep(50);
    if (isValidatorProcess(pid)) {
      kill('SIGKILL');
      while (isValidatorProcess(pid)) await sleep(50);
    }
  }
  rmSync(pidFile(dataDir), { force: true });
  rmSync(urlFile(dataDir), { force: true });
}

async function health(url) {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: await response.json() };
  } catch {
    return undefined; // not listening yet
  }
}

function logTail(file, from) {
  try {
    return `${file}, last lines:\n${readFileSync(file, 'utf8').slice(from).split('\n').slice(-25).join('\n')}`;
  } catch {
    return file;
  }
}

/**
 * Fetches (once), compiles (once per source version) and starts the validator detached, in its own process
 * group, then waits until it has validated its warm-up document and answers /health with 200.
 * With `ownerPid`, the JVM ends itself when that process is gone (Ctrl-C, crash, kill -9 of a test run).
 */
export async function startValidator({ dataDir, port = DEV_VALIDATOR.port, ownerPid, threads = 2, log = () => {} }) {
  const started = Date.now();
  dataDir = resolve(dataDir);
  const running = runningValidator(dataDir);
  if (running) throw new Error(`a validator already runs for ${dataDir} (${running}, pid ${readPid(dataDir)})`);
  mkdirSync(dataDir, { recursive: true });
  const libs = ensureValidatorLibs({ log });
  const classes = ensureValidatorServer({ libs, log });
  const preparedMs = Date.now() - started;

  const logFile = join(dataDir, 'validator.log');
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0; // the log is appended across restarts
  const out = openSync(logFile, 'a');
  const args = [
    '-Xms128m',
    '-Xmx384m',
    '-XX:+UseSerialGC',
    // C1 only: on two shared cores the C2 compiler's work costs more than it returns within a test run or an
    // invoice run (measured: warm-up 6.5-8 s vs 12-15 s, median per document 0.11-0.15 s vs 0.22-0.29 s under load).
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    '-cp',
    `${join(libs, '*')}:${classes}`,
    SERVER_CLASS,
    String(port),
    '--warm-up',
    WARM_UP_DOCUMENT,
    '--threads',
    String(threads),
    ...(ownerPid ? ['--owner-pid', String(ownerPid)] : []),
  ];
  const child = spawn('java', args, { cwd: dataDir, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn java');
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(pidFile(dataDir), `${pid}\n`);
  writeFileSync(urlFile(dataDir), `${url}\n`);
  log(`XRechnung validator starting (pid ${pid}, ${url}, log ${logFile})`);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!isValidatorProcess(pid)) {
      await stopValidator(dataDir);
      throw new Error(`XRechnung validator exited during start-up; ${logTail(logFile, logStart)}`);
    }
    const answer = await health(url);
    if (answer?.status === 200 && answer.body.pid === pid) {
      const startupMs = Date.now() - started;
      const { warmUpMs, validator } = answer.body;
      log(
        `XRechnung validator ready at ${url} in ${startupMs} ms (${validator}; jars and classes ${preparedMs} ms, warm-up ${warmUpMs} ms)`,
      );
      return { url, pid, port, dataDir, startupMs, warmUpMs, stop: (options) => stopValidator(dataDir, options) };
    }
    if (Date.now() > deadline) {
      await stopValidator(dataDir, { signal: 'SIGKILL' });
      throw new Error(`XRechnung validator not ready after ${READY_TIMEOUT_MS} ms; ${logTail(logFile, logStart)}`);
    }
    await sleep(100);
  }
}

function parseArgs(argv) {
  const args = { command: argv[0], ...DEV_VALIDATOR };
  for (let i = 1; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === '--data-dir') args.dataDir = value;
    else if (argv[i] === '--port') args.port = Number(value);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { command, dataDir, port } = parseArgs(process.argv.slice(2));
  const log = (msg) => console.log(`[validator] ${msg}`);
  if (command === 'start') {
    const running = runningValidator(dataDir);
    if (running) log(`already running at ${running} (pid ${readPid(dataDir)})`);
    else await startValidator({ dataDir, port, log });
  } else if (command === 'stop') {
    await stopValidator(dataDir);
    log('stopped');
  } else {
    console.error('usage: node infra/validator/validator.mjs start|stop [--data-dir D] [--port P]');
    process.exit(2);
  }
}
