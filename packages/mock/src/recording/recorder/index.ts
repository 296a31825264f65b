import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import type { Interaction } from '../cassettes/format.js';
import { headerProblem, isReplayableStatus } from '../cassettes/response-rules.js';
import { writeCassette } from '../cassettes/write.js';
import { type JsonBytesWalk, redactQuery, walkJsonBytes, withoutUserinfo } from '../redaction/index.js';
import { BodyTooLargeError, readCapped } from './capped-body.js';
import { recordedBody, requestMatcher } from './recorded-body.js';
import { requestGuard } from '@sdwebui/internal/request-guard';
import { callUpstream, clientHeaders, type UpstreamAnswer, upstreamHeaders } from './upstream.js';

export { matcherBody } from './recorded-body.js';

export interface RecorderOptions {
  /** The real webui, e.g. `http://127.0.0.1:7860`. */
  target: string;
  /** Folder the cassettes go to (one file per interaction). */
  outDir: string;
  /** `user:pass` added upstream when the client sends none of its own (default: the target URL's userinfo). */
  user?: string;
  /** Called after each cassette is written. */
  onRecorded?: (path: string, interaction: Interaction) => void;
  /** Called when a cassette cannot be written (disk full, permissions). */
  onError?: (error: unknown) => void;
  /** Called when an answer is passed on but not recorded: its status is one a cassette cannot replay (a redirect, 204). */
  onSkipped?: (reason: string) => void;
  /**
   * Host names the recorder answers to besides `localhost`, `127.0.0.1`, `[::1]` and the address
   * a request arrived at (e.g. a name for this machine in `/etc/hosts`); any other `Host` is
   * refused, as a web page reaching it through DNS rebinding would send (see `@sdwebui/internal/request-guard`).
   */
  allowedHosts?: string[];
  /**
   * Largest request body and upstream response body held, in bytes (default 64 MiB). Larger
   * requests get 413; a larger upstream answer is cut off and the client gets a 502, unrecorded.
   */
  maxBodyBytes?: number;
}

function slug(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '').slice(0, 80);
}

/** Largest request or upstream response body held by default: the mock's own request limit. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** `user:password` from a URL's userinfo, if it has one. */
function userinfoOf(url: string): string | undefined {
  try {
    const { username, password } = new URL(url);
    return username === '' ? undefined : `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  } catch {
    return undefined;
  }
}

const webuiError = (error: string, detail: string) => ({ error, detail, body: '', errors: '' });

/**
 * A recording proxy in front of a real webui, for its own user only: a request must be addressed
 * to the recorder and not come from another origin (`@sdwebui/internal/request-guard`), else it is refused before
 * it reaches the webui or gets the recorder's `user` credentials. It forwards every other request,
 * returns the upstream response (byte for byte, but for secrets when the recorder's credentials
 * earned it) and writes each interaction as its own cassette file (atomically). Credentials never
 * reach a cassette: no request header is recorded, of the response headers only `content-type`
 * is kept, credential-bearing body fields and query parameters are redacted (`../redaction`), and
 * the target's `user:password@` never appears. Bodies are held up to `maxBodyBytes` (a larger
 * upstream answer is cut off and reported as a 502) and worked on a few milliseconds at a time.
 */
export function createRecorder(options: RecorderOptions): Hono {
  const app = new Hono();
  // `http://user:pass@host` becomes the default `user`: the URL called and shown never carries credentials.
  const target = withoutUserinfo(options.target.replace(/\/+$/, ''));
  const user = options.user ?? userinfoOf(options.target);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const guard = requestGuard(options.allowedHosts);
  let sequence = 0;

  /** Writes the interaction's cassette; a failure is reported, the client still gets its answer. */
  const record = async (
    method: string,
    url: URL,
    requestBytes: Uint8Array | undefined,
    answer: UpstreamAnswer,
    walk: JsonBytesWalk,
  ) => {
    if (!isReplayableStatus(answer.status)) {
      options.onSkipped?.(
        `${method} ${url.pathname}: status ${answer.status} passed on, not recorded (a cassette cannot replay it)`,
      );
      return;
    }
    try {
      const contentType = answer.headers.get('content-type');
      const query = redactQuery(Object.fromEntries(url.searchParams));
      const matcher = requestBytes === undefined ? undefined : await requestMatcher(requestBytes);
      const interaction: Interaction = {
        request: {
          method,
          path: url.pathname,
          ...(Object.keys(query).length > 0 ? { query } : {}),
          ...(matcher !== undefined ? { body: matcher } : {}),
        },
        response: {
          status: answer.status,
          headers:
            contentType !== null && headerProblem('content-type', contentType) === undefined
              ? { 'content-type': contentType }
              : {},
          ...(await recordedBody(walk)),
        },
      };
      sequence++;
      const name = `${String(Date.now())}-${String(sequence).padStart(4, '0')}-${slug(method, url.pathname)}.json`;
      const source = `recorded from ${target} at ${new Date().toISOString()}`;
      const path = await writeCassette(options.outDir, name, { source, interactions: [interaction] });
      options.onRecorded?.(path, interaction);
    } catch (error) {
      // No partial file exists: every write is atomic.
      options.onError?.(error);
    }
  };

  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const socket = incoming?.socket;
    const refused = guard(c.req.method, c.req.raw.headers, url.host, {
      ...(socket?.localAddress !== undefined ? { address: socket.localAddress } : {}),
      ...(socket?.localPort !== undefined ? { port: socket.localPort } : {}),
    });
    if (refused !== undefined) return c.json(webuiError('RecorderError', refused.detail), refused.status);
    const { headers, lent } = upstreamHeaders(c.req.raw.headers, user);
    let requestBytes: Uint8Array<ArrayBuffer> | undefined;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try {
        // The Node request itself when there is one: its chunks are buffers, the web stream's are copies.
        requestBytes = await readCapped((incoming ?? c.req.raw.body) as AsyncIterable<Uint8Array> | null, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return c.json(webuiError('HTTPException', 'Payload Too Large'), 413);
      }
    }
    // The client leaving aborts the upstream call and the read of its body.
    const upstreamCall = new AbortController();
    const clientGone = () => upstreamCall.abort(new Error('the client closed the connection'));
    c.req.raw.signal.addEventListener('abort', clientGone, { once: true });
    let answer: Awaited<ReturnType<typeof callUpstream>>;
    try {
      answer = await callUpstream(
        `${target}${url.pathname}${url.search}`,
        { method: c.req.method, headers, body: requestBytes, signal: upstreamCall.signal },
        maxBodyBytes,
        { target, path: url.pathname },
      );
    } finally {
      c.req.raw.signal.removeEventListener('abort', clientGone);
    }
    if ('failure' in answer) {
      upstreamCall.abort();
      return c.json(webuiError('RecorderError', answer.failure), 502);
    }
    const walk = await walkJsonBytes(answer.bytes, { mask: true });
    await record(c.req.method, url, requestBytes, answer, walk);
    // Secrets the recorder's own credentials uncovered (cmd-flags' api_auth) are not the client's to read.
    const body = lent ? walk.bytes : answer.bytes;
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: answer.status,
      headers: clientHeaders(answer.headers, lent),
    });
  });
  return app;
}
