import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { requestGuard } from '@sdwebui/internal/request-guard';
import type { MiddlewareHandler } from 'hono';
import { QueueConfigError } from '../errors/index.js';

const MIN_TOKEN_CHARS = 16;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The token a request carries: `Authorization: Bearer T`, or Basic with T as the password (any user name). */
function tokenOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
}

/** Checks a dashboard token's shape (it guards cancel and retry): at least 16 characters. */
export function checkToken(token: string | undefined): string | undefined {
  if (token !== undefined && token.length < MIN_TOKEN_CHARS)
    throw new QueueConfigError(`a dashboard token must be at least ${MIN_TOKEN_CHARS} characters`);
  return token;
}

/**
 * Who may use the dashboard. First the same rules as `sdwebui record` (`@sdwebui/internal/request-guard`):
 * the Host must name the dashboard (DNS rebinding refused), no other origin or site, and a body only as
 * JSON (so no page of another site can post a form to cancel or retry). Then, with a token, the token
 * (compared in constant time; a browser asks for it with its Basic prompt: any user name, the token as
 * password). Every answer says not to be framed, cached or sniffed.
 */
export function accessControl(token: string | undefined, allowedHosts: readonly string[]): MiddlewareHandler {
  const guard = requestGuard(allowedHosts, { server: 'this dashboard', allowHostOption: '--allow-host' });
  const expected = token === undefined ? undefined : digest(token);
  return async (c, next) => {
    const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
    const refused = guard(c.req.method, c.req.raw.headers, new URL(c.req.url).host, {
      ...(socket?.localAddress !== undefined ? { address: socket.localAddress } : {}),
      ...(socket?.localPort !== undefined ? { port: socket.localPort } : {}),
    });
    if (refused) return c.json({ error: refused.detail }, refused.status);
    if (expected) {
      const given = tokenOf(c.req.header('authorization'));
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        c.header('www-authenticate', 'Basic realm="sdwebui queue", charset="UTF-8"');
        return c.json({ error: 'this dashboard needs its token (Basic password or Bearer)' }, 401);
      }
    }
    await next();
    c.header('x-frame-options', 'DENY');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
  };
}
