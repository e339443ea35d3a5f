import type { HttpBindings } from '@hono/node-server';
import { requestHeader } from '@seminarwerk/http';
import type { Context } from 'hono';

/** `::ffff:127.0.0.1` is 127.0.0.1. */
const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();

/**
 * The address a rate limit counts: an IPv4 address, or the /64 network of an IPv6 one (one subscriber usually holds a
 * whole /64, so counting single IPv6 addresses would give them billions of buckets).
 */
export function rateLimitKeyOf(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Who sent the request: the socket's peer. Only when that peer is one of `trustedProxies` is `X-Forwarded-For`
 * believed, read from the right (the entry the last trusted proxy added) past any further trusted proxies; anyone
 * else can write whatever they like into that header.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string>): string {
  const peer = plain((c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown');
  if (trustedProxies.size === 0 || !trustedProxies.has(peer)) return peer;
  const forwarded = (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((a) => plain(a.trim()))
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i] as string;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}
