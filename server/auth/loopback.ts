/**
 * Loopback checks. Dev sign-in hands out tokens for any demo person without a password, so it may
 * only exist where nobody but the person at this machine can reach it.
 */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * True for a host name or bind address that only this machine can reach: `localhost`, 127.0.0.0/8,
 * `::1` (bare or in brackets). Wildcards (`0.0.0.0`, `::`), empty strings and other names are false.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === 'localhost') return true;
  const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return isLoopbackAddress(bare);
}

/**
 * True for a peer IP address on loopback, including IPv4-mapped IPv6 (`::ffff:127.0.0.1`), which
 * is how a dual-stack socket reports an IPv4 peer.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase();
  if (isIPv4(a)) return a.startsWith('127.');
  if (!isIPv6(a)) return false;
  if (a.startsWith('::ffff:')) {
    const v4 = a.slice('::ffff:'.length);
    return isIPv4(v4) && v4.startsWith('127.');
  }
  return a === '::1' || a === '0:0:0:0:0:0:0:1';
}

/**
 * True when a request's `Host` (and its `Origin`, if it has one) name this machine: a page on
 * another site that makes its own name resolve to 127.0.0.1 (DNS rebinding) still sends its own
 * name in both, so it cannot reach dev sign-in through the victim's browser.
 */
export function isLoopbackRequest(host: string | undefined, origin: string | undefined): boolean {
  const hostname = (value: string) => {
    try {
      return new URL(value).hostname;
    } catch {
      return '';
    }
  };
  if (host === undefined || !isLoopbackHost(hostname(`http://${host}`))) return false;
  return origin === undefined || isLoopbackHost(hostname(origin));
}
