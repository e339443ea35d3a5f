import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * A request header, as `c.req.header(name)` gives it (repeated headers joined with ", "), but read from
 * Node's parsed message when there is one: building the web `Headers` for it costs every request.
 * `name` in lower case.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as Partial<HttpBindings> | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) {
      value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
    }
  }
  return value;
}
