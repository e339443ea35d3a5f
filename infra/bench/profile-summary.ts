// Summarises V8 CPU profiles (node --cpu-prof, e.g. from RUSH_CPU_PROFILE_DIR): self time by package or area and the
// hottest functions, per file. `npx tsx infra/bench/profile-summary.ts <dir or .cpuprofile files> [--top N]`
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Where a function lives: a package in node_modules, a workspace package, Node's internals, or V8 itself. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const workspace = url.match(/\/(services|packages)\/([^/]+)\/src\/(.*)$/);
  if (workspace) return workspace[3]?.startsWith('generated/') ? `${workspace[2]} (Prisma client)` : `${workspace[1]}/${workspace[2]}`;
  return url;
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / Math.max(1, profile.samples.length);
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const ms = (hits.get(node.id) ?? 0) * msPerSample;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName !== '(idle)') busy += ms;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|services|packages)\//, '$1/')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `  ${ms.toFixed(0).padStart(8)} ms  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${name}`);
  return [
    `${file}: ${totalMs.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms busy (not idle)`,
    ' self time by area (% of busy):',
    ...rows(byArea),
    ' hottest functions (self time):',
    ...rows(byFunction),
  ].join('\n');
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const paths = args.filter((_, i) => i !== topAt && i !== topAt + 1);
const files = paths.flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(path, f))
    : [path],
);
for (const file of files) console.log(`${summarise(file, top)}\n`);
