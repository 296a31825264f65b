import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Base64DecodeError, pythonB64decode } from '../../fastapi/base64/index.js';
import { pythonException, WebuiException } from '../../webui/errors/index.js';

export interface ApiCredential {
  username: string;
  password: string;
}

/** `--api-auth "u1:p1,u2:p2"`: split on `,` then on the first `:`. */
export function parseApiAuth(text: string): ApiCredential[] {
  return text.split(',').map((pair) => {
    const at = pair.indexOf(':');
    if (at <= 0) throw new Error(`--api-auth entry "${pair}" must be user:password`);
    return { username: pair.slice(0, at), password: pair.slice(at + 1) };
  });
}

/** The `--api-auth` value as the webui's `cmd_opts.api_auth` holds it (shown by `/cmd-flags`). */
export function formatApiAuth(credentials: readonly ApiCredential[]): string {
  return credentials.map(({ username, password }) => `${username}:${password}`).join(',');
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const unauthorized = (detail: string) => new WebuiException(401, 'HTTPException', detail, '');

/**
 * FastAPI 0.94's `HTTPBasic()`: the scheme is what precedes the first space, compared without
 * case; the rest goes through Python's `b64decode` (which drops characters outside the
 * alphabet) and must decode to ASCII holding a `:`. Returns the credentials, or throws the
 * 401 FastAPI raises ("Not authenticated" without a Basic header, "Invalid authentication
 * credentials" for one it cannot read).
 */
export function readBasicCredentials(header: string | undefined): ApiCredential {
  if (!header) throw unauthorized('Not authenticated');
  const space = header.indexOf(' ');
  const [scheme, param] = space < 0 ? [header, ''] : [header.slice(0, space), header.slice(space + 1)];
  if (scheme.toLowerCase() !== 'basic') throw unauthorized('Not authenticated');
  let bytes: Uint8Array;
  try {
    bytes = pythonB64decode(param);
  } catch (error) {
    if (error instanceof Base64DecodeError) throw unauthorized('Invalid authentication credentials');
    throw error;
  }
  // `.decode("ascii")`: any byte above 0x7f is a UnicodeDecodeError.
  if (bytes.some((byte) => byte > 0x7f)) throw unauthorized('Invalid authentication credentials');
  const decoded = Buffer.from(bytes).toString('latin1');
  const at = decoded.indexOf(':');
  if (at < 0) throw unauthorized('Invalid authentication credentials');
  return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
}

/**
 * The webui's `--api-auth` check, a route dependency: `HTTPBasic` reads the header, then the
 * user must exist and `secrets.compare_digest` must match (constant time here too, over
 * fixed-length digests, so length does not leak either). The 401s carry the webui's error
 * body and, as on the real server, no `WWW-Authenticate` header.
 */
function checkApiAuth(users: ReadonlyMap<string, string>, header: string | undefined): void {
  const { username, password } = readBasicCredentials(header);
  const expected = users.get(username);
  // compare_digest refuses str arguments that are not ASCII (the given one always is: it was decoded as ASCII).
  if (expected !== undefined && /[^\x00-\x7f]/.test(expected)) {
    throw pythonException('TypeError', 'comparing strings with non-ASCII characters is not supported');
  }
  const same = timingSafeEqual(digest(expected ?? '\u0000unknown-user'), digest(password));
  if (!same || expected === undefined) throw unauthorized('Incorrect username or password');
}

/** A request that reached a protected route. */
export interface ProtectedRoute {
  /** Reads and parses the body as FastAPI does before dependencies (throws its 422/400). */
  readBody?: () => Promise<unknown>;
}

/**
 * `--api-auth` as middleware placed where FastAPI runs route dependencies: only requests that
 * reach an existing protected route are checked (404, 405 and redirects come first), and a
 * body FastAPI cannot parse is reported before the missing credentials.
 */
export function apiAuthMiddleware(
  credentials: readonly ApiCredential[],
  protectedRoute: (c: Context) => ProtectedRoute | undefined,
): MiddlewareHandler {
  const users = new Map(credentials.map(({ username, password }) => [username, password]));
  return async (c, next) => {
    const route = protectedRoute(c);
    if (route === undefined) return next();
    try {
      checkApiAuth(users, c.req.header('authorization'));
    } catch (error) {
      await route.readBody?.();
      throw error;
    }
    return next();
  };
}
