import { lookup as systemLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (default: the system resolver, as `fetch` would use). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const lookupWithSystem: ResolveHost = async (hostname) =>
  (await systemLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The system resolver (as `fetch` would use), bounded: an answer within `timeoutMs`, and at most
 * `concurrency` lookups running at once, counting those whose caller gave up. The system resolver
 * runs in libuv's thread pool (4 threads, shared with every file read and write), so a callback
 * host whose DNS never answers must not be able to take all of them: the worker's file store
 * would stall behind it.
 */
export function boundedSystemResolve(options: {
  timeoutMs: number;
  concurrency?: number;
  lookup?: ResolveHost;
}): ResolveHost {
  const { timeoutMs, concurrency = 2, lookup = lookupWithSystem } = options;
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return (hostname) =>
    new Promise<string[]>((resolve, reject) => {
      const start = () => {
        running += 1;
        lookup(hostname)
          .then(resolve, reject)
          .finally(() => {
            clearTimeout(timer);
            release();
          });
      };
      const timer = setTimeout(() => {
        const index = waiting.indexOf(start);
        if (index >= 0) waiting.splice(index, 1);
        reject(new Error(`no DNS answer for ${hostname} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (running < concurrency) start();
      else waiting.push(start);
    });
}

/**
 * Whether an address is a public unicast one. Everything else is refused unless private addresses
 * are allowed: loopback, private (RFC 1918), unique-local (fc00::/7), link-local (169.254/16 and
 * fe80::/10, where cloud metadata services live), carrier-grade NAT, unspecified (0.0.0.0, ::),
 * multicast, broadcast, reserved and documentation ranges, and the IPv6 forms that carry an IPv4
 * address (mapped `::ffff:a.b.c.d` is judged as that IPv4 address; IPv4-compatible `::/96`, NAT64,
 * 6to4 and Teredo are refused outright). ipaddr.js names the ranges; only `unicast` passes.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return parsed.range() === 'unicast';
}

/** A callback whose host is, or resolves to, an address the worker may not send to. */
export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
}

/**
 * The address to connect to for a callback host: every address the name resolves to is checked
 * (one private address among public ones refuses the name: it could be chosen), and the connection
 * is then made to the checked address only, so a second, different DNS answer (rebinding) is never
 * used. An IP literal is checked as it is.
 */
export async function checkedAddress(hostname: string, allowPrivate: boolean, resolve: ResolveHost): Promise<string> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [bare] : await resolve(bare);
  if (addresses.length === 0) throw new AddressRefusedError(`${hostname} has no address`);
  if (!allowPrivate) {
    const refused = addresses.find((address) => !isPublicAddress(address));
    if (refused !== undefined)
      throw new AddressRefusedError(
        `${hostname} resolves to ${refused}, which is not a public address (allowPrivateAddresses is off)`,
      );
  }
  return addresses[0] as string;
}
