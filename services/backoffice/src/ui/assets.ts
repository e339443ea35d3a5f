import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { BASE } from '../http/env.ts';

const require = createRequire(import.meta.url);
const kernRoot = join(dirname(require.resolve('@kern-ux/native/package.json')), 'dist');
/** The KERN version in the URL: a new version is a new URL, so its files may be cached for a year (decisions.md 71). */
export const KERN_VERSION = (require('@kern-ux/native/package.json') as { version: string }).version;
const ownRoot = fileURLToPath(new URL('./static/', import.meta.url));

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const kernAsset = (path: string) => `${BASE}/assets/kern/${KERN_VERSION}/${path}`;
export const ownAsset = (path: string) => `${BASE}/assets/app/${path}`;

/** Files from a folder, never above it, only of the types above. */
async function fileIn(root: string, relative: string): Promise<{ bytes: Buffer; type: string } | undefined> {
  const type = TYPES[extname(relative)];
  const path = normalize(join(root, relative));
  if (!type || !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    return { bytes: await readFile(path), type };
  } catch {
    return undefined;
  }
}

/**
 * KERN's CSS and fonts straight from the npm package, and the app's own CSS: no CDN, so the app works on a network
 * without internet. Open to everyone (the sign-in page needs them).
 */
export function assetRoutes(app: Hono<any>) {
  app.get(`${BASE}/assets/kern/:version/*`, async (c) => {
    if (c.req.param('version') !== KERN_VERSION) return c.notFound();
    const file = await fileIn(kernRoot, c.req.path.slice(`${BASE}/assets/kern/${KERN_VERSION}/`.length));
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  app.get(`${BASE}/assets/app/*`, async (c) => {
    const file = await fileIn(ownRoot, c.req.path.slice(`${BASE}/assets/app/`.length));
    if (!file) return c.notFound();
    // Not versioned: revalidate, but a day is fine for a stylesheet this small.
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.type, 'cache-control': 'public, max-age=3600' });
  });
}
