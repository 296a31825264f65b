import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';

/** `--api-auth "u1:p1,u2:p2"`: split on `,` then on the first `:`. */
export function parseApiAuth(text: string): Array<{ username: string; password: string }> {
  return text.split(',').map((pair) => {
    const at = pair.indexOf(':');
    if (at <= 0) throw new Error(`--api-auth entry "${pair}" must be user:password`);
    return { username: pair.slice(0, at), password: pair.slice(at + 1) };
  });
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The webui's `--api-auth` check (FastAPI `HTTPBasic` + `secrets.compare_digest`): 401 with the
 * webui's error body and, as on the real server, no `WWW-Authenticate` header. Passwords are
 * compared in constant time (over fixed-length digests, so length does not leak either).
 */
export function apiAuthMiddleware(credentials: ReadonlyArray<{ username: string; password: string }>, isProtected: (method: string, path: string) => boolean): MiddlewareHandler {
  const users = new Map(credentials.map(({ username, password }) => [username, digest(password)]));
  const deny = (detail: string) =>
    new Response(fastapiJson({ error: 'HTTPException', detail, body: '', errors: '' }), { status: 401, headers: { 'content-type': 'application/json' } });
  return async (c, next) => {
    if (!isProtected(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return deny('Not authenticated');
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at < 0) return deny('Not authenticated');
    const expected = users.get(decoded.slice(0, at));
    const given = digest(decoded.slice(at + 1));
    const ok = timingSafeEqual(expected ?? digest('\u0000unknown-user'), given) && expected !== undefined;
    if (!ok) return deny('Incorrect username or password');
    return next();
  };
}
