import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless the operator allowed them: our own machine, the private networks behind
 * it, link-local (cloud metadata at 169.254.169.254), and ranges that are not unicast destinations on the internet.
 * RFC 6890 and the IANA special-purpose registries.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: the IPv4 address inside is checked below
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (`::ffff:10.0.0.1`) or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  return /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
}

/** True for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !internal.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return isPublicAddress(v4);
    return !internal.check(address, 'ipv6');
  }
  return false;
}

/** A URL's host without the brackets of an IPv6 literal, in lower case. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

export interface TargetPolicy {
  /** Host names and IP addresses that may be reached over plain http and at internal addresses. */
  allowedHosts: readonly string[];
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The checks a URL passes before any lookup: http(s) only, and plain http only to an allowed host (a webhook carries
 * personal data). Credentials in the URL are refused: they would be sent to whoever the host is.
 */
export function checkUrl(raw: string, policy: TargetPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'a URL with credentials is not allowed' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && policy.allowedHosts.includes(hostOf(url))) return { ok: true, url };
  return { ok: false, reason: 'must be https' };
}

/** Whether a resolved address may be connected to for this host. */
export const mayConnect = (host: string, address: string, policy: TargetPolicy) =>
  isPublicAddress(address) || policy.allowedHosts.includes(host) || policy.allowedHosts.includes(address.toLowerCase());
