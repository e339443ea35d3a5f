import { readFile } from 'node:fs/promises';
import type { ApiClient } from '@seminarwerk/testing';

/** A file of this folder (the demo data), parsed. */
export const readJson = async <T>(name: string): Promise<T> =>
  JSON.parse(await readFile(new URL(`./${name}`, import.meta.url), 'utf8')) as T;

export function ok<T>(response: { status: number; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`Seeding ${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Every item of a list with cursor pagination (`{ items, nextCursor }`). */
export async function allPages<T>(client: ApiClient, path: string, what: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = ok(
      await client.get(`${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`),
      what,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
