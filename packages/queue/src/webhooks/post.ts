import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export interface PostOptions {
  url: URL;
  /** The checked address: the connection goes there, whatever DNS says now. */
  address: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** A lookup that answers the one address already checked (both of Node's calling conventions). */
function pinned(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * One POST to a callback, connected to the pinned address. Only the status line is read: the
 * receiver's body is never read (so it cannot be large or slow), redirects are the caller's to
 * refuse (nothing is followed), and the whole exchange is bounded by `timeoutMs`.
 */
export function postOnce(options: PostOptions): Promise<number> {
  const { url, address, headers, body, timeoutMs } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const request = send({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned(address),
      agent: false,
      ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.once('response', (response: IncomingMessage) => {
      clearTimeout(timer);
      response.on('error', () => undefined);
      response.destroy();
      request.destroy();
      resolve(response.statusCode ?? 0);
    });
    // `on`, not `once`: a socket destroyed after the answer may still report an error, which must not go unhandled.
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
