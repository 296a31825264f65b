import { type IncomingMessage, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request as httpsRequest } from 'node:https';
import { basicAuthHeader } from '@sdwebui/internal/basic-auth';
import { BodyTooLargeError, readCapped } from './capped-body.js';

/** Request headers never forwarded as is: hop-by-hop ones, and encodings (bodies must stay uncompressed to be recorded). */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'accept-encoding',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
]);

/** Response headers the server framing the answer to the client sets itself. */
const FRAMING = new Set(['content-encoding', 'transfer-encoding', 'connection', 'content-length']);

/** The webui switched protocols (101) although the recorder never asks it to. */
class ProtocolSwitchError extends Error {
  override name = 'ProtocolSwitchError';
  constructor(readonly status: number) {
    super(`unasked-for ${status} protocol switch`);
  }
}

/** The webui's answer, read whole (at most the recorder's limit). */
export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The headers sent upstream: the client's own, less hop-by-hop ones, plus the recorder's
 * `user` as Basic credentials when the client sent none (`lent`: the answer was earned with the
 * recorder's credentials, not the client's).
 */
export function upstreamHeaders(client: Headers, user: string | undefined): { headers: Headers; lent: boolean } {
  const headers = new Headers();
  client.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key.toLowerCase())) headers.set(key, value);
  });
  headers.set('accept-encoding', 'identity');
  const lent = user !== undefined && !headers.has('authorization');
  if (lent) headers.set('authorization', basicAuthHeader(user));
  return { headers, lent };
}

/**
 * The headers passed back to the client: the webui's, less framing (computed again), and less
 * `set-cookie` when the recorder's credentials earned the answer (a session is a credential too).
 */
export function clientHeaders(upstream: Headers, lent: boolean): Headers {
  const headers = new Headers();
  upstream.forEach((value, key) => {
    if (!FRAMING.has(key) && !(lent && key === 'set-cookie')) headers.append(key, value);
  });
  return headers;
}

/** A Node response's headers as web `Headers` (repeated ones, such as `set-cookie`, appended). */
function webHeaders(answer: IncomingMessage): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < answer.rawHeaders.length; index += 2)
    headers.append(answer.rawHeaders[index] as string, answer.rawHeaders[index + 1] as string);
  return headers;
}

/**
 * The answer's body as the client reads it: a webui that compresses although asked for `identity`
 * is decoded as a stream, so the recorder's limit applies to what decoding makes (a small
 * compressed answer can expand a thousandfold), and what the client gets needs no decoding.
 */
function decodedBody(answer: IncomingMessage): Readable {
  const encoding = answer.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  return decoder === undefined ? answer : pipeline(answer, decoder, () => undefined);
}

/**
 * Calls the webui and reads its answer up to `maxBodyBytes` (past that the connection is cut).
 * Through `node:http`, so the bodies stay the buffers they are: fetch would copy a request body
 * of tens of megabytes in one go, and hand the answer over as a web stream, chunk by copied chunk.
 * No redirect is followed. A failure comes back as the detail of the 502 the client gets; `where`
 * names the target in it, never with credentials.
 */
export async function callUpstream(
  url: string,
  init: { method: string; headers: Headers; body: Uint8Array | undefined; signal: AbortSignal },
  maxBodyBytes: number,
  where: { target: string; path: string },
): Promise<UpstreamAnswer | { failure: string }> {
  const headers: Record<string, string> = Object.fromEntries(init.headers);
  if (init.body !== undefined) headers['content-length'] = String(init.body.byteLength);
  let answer: IncomingMessage;
  try {
    answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      // A connection per call (agent: false): a kept-alive socket the webui has closed meanwhile would fail the call.
      const outgoing = send(url, { method: init.method, headers, signal: init.signal, agent: false }, resolve);
      outgoing.on('error', reject);
      // The recorder never asks for a protocol switch: a 101 is refused, not waited on for ever.
      outgoing.on('upgrade', (answer: IncomingMessage, socket: Socket) => {
        socket.destroy();
        reject(new ProtocolSwitchError(answer.statusCode ?? 101));
      });
      outgoing.end(init.body);
    });
  } catch (error) {
    if (error instanceof ProtocolSwitchError)
      return { failure: `${where.target}${where.path} answered ${error.status}, a protocol switch; not recorded` };
    return {
      failure: `cannot reach ${where.target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}`,
    };
  }
  const decoded = decodedBody(answer);
  try {
    return {
      status: answer.statusCode ?? 502,
      headers: webHeaders(answer),
      bytes: await readCapped(decoded, maxBodyBytes),
    };
  } catch (error) {
    answer.destroy();
    decoded.destroy();
    if (error instanceof BodyTooLargeError) {
      return {
        failure: `the answer of ${where.target}${where.path} is over the recorder's ${maxBodyBytes}-byte limit; not recorded`,
      };
    }
    return { failure: `the answer of ${where.target}${where.path} broke off: ${(error as Error).name}` };
  }
}
