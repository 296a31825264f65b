/** Where a request arrived: the local end of its connection (unknown for an in-process `app.request`). */
export interface LocalEnd {
  address?: string;
  port?: number;
}

/** Why a local server refuses a request before acting on it (and before any credential is added). */
export interface Refusal {
  status: 403 | 415;
  detail: string;
}

/** Names that always mean this machine: a DNS answer cannot point them elsewhere. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Methods a browser sends cross-site without asking first, and that carry no body to act on. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `Sec-Fetch-Site` values of requests made by this origin's own pages, or typed in by the user. */
const OWN_SITES = new Set(['same-origin', 'none']);
/** `application/json` and `application/<anything>+json`: types a cross-site page cannot send without a preflight. */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A value a client sent, fit for a message: bounded, quoted, control characters escaped by JSON. */
const shown = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** An address as a Host header writes it: IPv6 in brackets, an IPv4-mapped IPv6 address as IPv4. */
function hostForm(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  return address.includes(':') ? `[${address.toLowerCase()}]` : address;
}

/** `name[:port]` split, the name lower-cased; undefined when it is not one. */
function splitHost(host: string): { name: string; port: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!match) return undefined;
  return { name: (match[1] as string).toLowerCase(), port: match[2] === undefined ? 80 : Number(match[2]) };
}

/** How refusals name the server and the option that adds host names (defaults: the recorder's). */
export interface GuardWording {
  /** `this recorder`, `this dashboard`. */
  server: string;
  /** `--allow-host`. */
  allowHostOption: string;
}

/**
 * The rules that keep a local server (`sdwebui record`, `sdwebui queue dashboard`) for its own user
 * only (DNS rebinding and cross-site requests are how a web page reaches a loopback server): a
 * request must name the server in `Host` (a loopback name, the address it arrived at, or a name in
 * `allowedHosts`, with the port it arrived at), must not come from another origin (`Origin`,
 * `Sec-Fetch-Site`), and a request with a body must declare it JSON, which a page of another origin
 * cannot do without a preflight (itself refused). A refused request is answered by the server
 * itself: the recorder never passes it to the webui nor lends it credentials, the dashboard never
 * acts on it.
 */
export function requestGuard(
  allowedHosts: readonly string[] = [],
  wording: GuardWording = { server: 'this recorder', allowHostOption: '--allow-host' },
) {
  const allowed = new Set([...LOOPBACK_NAMES, ...allowedHosts.map((name) => name.toLowerCase())]);
  const isOwnHost = (host: string, local: LocalEnd): boolean => {
    const split = splitHost(host);
    if (split === undefined) return false;
    if (local.port !== undefined && split.port !== local.port) return false;
    return allowed.has(split.name) || (local.address !== undefined && split.name === hostForm(local.address));
  };
  return (method: string, headers: Headers, fallbackHost: string, local: LocalEnd): Refusal | undefined => {
    const host = headers.get('host') ?? fallbackHost;
    if (!isOwnHost(host, local)) {
      return {
        status: 403,
        detail:
          `Host ${shown(host)} does not name ${wording.server}; it answers to localhost, 127.0.0.1, [::1], ` +
          `the address it listens on and the names given with ${wording.allowHostOption}, at its own port`,
      };
    }
    const origin = headers.get('origin');
    if (origin !== null) {
      let own = false;
      try {
        const url = new URL(origin);
        own = url.protocol === 'http:' && url.origin === origin && isOwnHost(url.host, local);
      } catch {}
      if (!own) return { status: 403, detail: `cross-origin request from ${shown(origin)} refused` };
    }
    const site = headers.get('sec-fetch-site');
    if (site !== null && !OWN_SITES.has(site.toLowerCase()))
      return { status: 403, detail: `cross-site request (Sec-Fetch-Site: ${shown(site)}) refused` };
    const hasBody = (headers.get('content-length') ?? '0') !== '0' || headers.has('transfer-encoding');
    const type = headers.get('content-type');
    if (!SAFE_METHODS.has(method) && hasBody && (type === null || !JSON_TYPE.test(type))) {
      return {
        status: 415,
        detail:
          `a ${method} body must be sent as Content-Type: application/json (got ${type === null ? 'none' : shown(type)}); ` +
          'the types a web page may send to any site without asking are refused',
      };
    }
    return undefined;
  };
}
