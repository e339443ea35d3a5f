// Real Chromium for end-to-end tests of the back office: Debian's `chromium` package driven by playwright-core (no
// browser download), axe-core for accessibility, screenshots for the docs. Import from '@seminarwerk/testing/browser'.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** CHROMIUM_PATH, or Debian's chromium; else an error that says how to install it. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(
      `Chromium was not found${process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : ''}. Install it with: apt-get install chromium`,
    );
  }
  return path;
}

/** A headless Chromium; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Fails, listing every violation readably (rule, impact, help, the elements), unless axe-core finds none of the
 * WCAG 2.0/2.1 A and AA rules broken on the page (BITV 2.0 asks for WCAG 2.1 AA).
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (result.violations.length === 0) return;
  const lines = result.violations.map(
    (v) =>
      `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.helpUrl}\n` +
      v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n'),
  );
  throw new Error(`axe-core found ${result.violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/**
 * A full-page screenshot: into docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1 (to refresh the docs), else into
 * a temp folder, so a test run never changes the work tree. Returns the file's path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(tmpdir(), 'seminarwerk-screenshots');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^a-z0-9-]/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
