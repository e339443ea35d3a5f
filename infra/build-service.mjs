// Bundles one service into `services/<name>/dist/main.js` (plain ESM JavaScript with a source map): its own code and
// the workspace packages (@seminarwerk/*, TypeScript sources) bundled, everything from node_modules left as imports.
// Services run from the bundle (decisions.md 110): no TypeScript loader in the process. `node infra/build-service.mjs
// <service>...`; `ensureBuilt` rebuilds only when a file the bundle was made of changed since.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const entryOf = (service) => join(repoRoot, 'services', service, 'dist', 'main.js');
const inputsFileOf = (service) => join(repoRoot, 'services', service, 'dist', 'inputs.json');

/** Leaves every bare import but our own workspace packages to Node, which resolves them from node_modules. */
const externalNodeModules = {
  name: 'external-node-modules',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@seminarwerk/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds the bundle; written under temporary names and renamed, so a process starting meanwhile reads a whole file. */
export async function buildService(service) {
  const entry = entryOf(service);
  const startedAt = new Date(); // the bundle's time: a source changed while it was built is newer, so rebuilt next time
  const temporary = `${entry}.${process.pid}.${Date.now()}`;
  const result = await build({
    entryPoints: [join(repoRoot, 'services', service, 'src', 'main.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalNodeModules],
  });
  const inputs = Object.keys(result.metafile.inputs).map((path) => resolve(repoRoot, path));
  mkdirSync(dirname(entry), { recursive: true });
  // The map first: the bundle's last line names `main.js.map`, renamed below.
  const map = readFileSync(`${temporary}.map`, 'utf8');
  writeFileSync(`${temporary}.map`, map.replace(/"file":\s*"[^"]*"/, '"file": "main.js"'));
  renameSync(`${temporary}.map`, `${entry}.map`);
  const code = readFileSync(temporary, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '//# sourceMappingURL=main.js.map\n');
  writeFileSync(temporary, code);
  utimesSync(temporary, startedAt, startedAt);
  renameSync(temporary, entry);
  const inputsTemporary = `${inputsFileOf(service)}.${process.pid}`;
  writeFileSync(inputsTemporary, JSON.stringify(inputs));
  renameSync(inputsTemporary, inputsFileOf(service));
  return entry;
}

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: rebuild
  }
};

/** True when the bundle exists and no file it was made of changed after it was written. */
export function isFresh(service) {
  const built = mtime(entryOf(service));
  if (built === Number.POSITIVE_INFINITY) return false;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsFileOf(service), 'utf8'));
  } catch {
    return false;
  }
  return inputs.every((path) => mtime(path) <= built);
}

/** The service's bundle, built first when missing or older than its sources. */
export async function ensureBuilt(service) {
  return isFresh(service) ? entryOf(service) : buildService(service);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const service of process.argv.slice(2)) {
    const started = Date.now();
    await buildService(service);
    console.log(`built services/${service}/dist/main.js in ${Date.now() - started} ms`);
  }
}
