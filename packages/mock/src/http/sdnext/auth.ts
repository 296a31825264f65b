import { createHash, timingSafeEqual } from 'node:crypto';
import { Base64DecodeError, pythonB64decode } from '../../fastapi/base64/index.js';
import { httpException } from '../../webui/errors/index.js';
import type { ApiCredential } from '../auth/index.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * SD.Next's `Api.auth` dependency (`--auth user:pass,…`) behind FastAPI 0.16x's `HTTPBasic`: a missing
 * header, another scheme, base64 Python cannot decode, non-ASCII or no `:` are all 401 `Not
 * authenticated`; an unknown user or a wrong password 401 `Unauthorized` (compared in constant time).
 * The webui's envelope drops the exception's `WWW-Authenticate` header.
 */
export function checkSdnextAuth(users: ReadonlyMap<string, string>, header: string | undefined): void {
  const notAuthenticated = () => httpException(401, 'Not authenticated');
  if (!header) throw notAuthenticated();
  const space = header.indexOf(' ');
  const [scheme, param] = space < 0 ? [header, ''] : [header.slice(0, space), header.slice(space + 1)];
  if (scheme.toLowerCase() !== 'basic') throw notAuthenticated();
  let bytes: Uint8Array;
  try {
    bytes = pythonB64decode(param);
  } catch (error) {
    if (error instanceof Base64DecodeError) throw notAuthenticated();
    throw error;
  }
  if (bytes.some((byte) => byte > 0x7f)) throw notAuthenticated();
  const decoded = Buffer.from(bytes).toString('latin1');
  const at = decoded.indexOf(':');
  if (at < 0) throw notAuthenticated();
  const expected = users.get(decoded.slice(0, at));
  const same = timingSafeEqual(digest(expected ?? '\u0000unknown-user'), digest(decoded.slice(at + 1)));
  if (expected === undefined || !same) throw httpException(401, 'Unauthorized');
}

/** `--auth` as SD.Next reads it: `user:password` pairs with quotes removed and each side stripped. */
export function sdnextUsers(credentials: readonly ApiCredential[]): Map<string, string> {
  const clean = (text: string) => text.replaceAll('"', '').trim();
  return new Map(credentials.map(({ username, password }) => [clean(username), clean(password)]));
}
