import { httpException } from '../../fastapi/errors/index.js';
import { sniffImage } from '../png/index.js';

/**
 * Decodes an image field the way the webui's `decode_base64_to_image` does: http(s) URLs are
 * fetched (the mock never fetches: loopback hosts are refused as the webui refuses them, other
 * URLs fail as an unreadable image), a `data:image/…;base64,` prefix is dropped, then
 * non-strict base64 must decode to a real image, else 500 "Invalid encoded image".
 */
export function decodeImageInput(value: unknown): Uint8Array {
  if (typeof value !== 'string') throw httpException(500, 'Invalid encoded image');
  if (/^https?:\/\//.test(value)) {
    const host = value.replace(/^https?:\/\//, '').split(/[/:?#]/)[0] ?? '';
    if (/^(localhost|127\.|0\.0\.0\.0|\[?::1\]?|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) {
      throw httpException(500, 'Request to local resource not allowed');
    }
    throw httpException(500, 'Invalid image url');
  }
  let text = value;
  if (text.startsWith('data:image/')) text = text.slice(text.indexOf(',', text.indexOf(';')) + 1);
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = cleaned.replace(/=+$/, '');
  if (body.length % 4 === 1) throw httpException(500, 'Invalid encoded image');
  const bytes = new Uint8Array(Buffer.from(body, 'base64'));
  if (sniffImage(bytes) === undefined) throw httpException(500, 'Invalid encoded image');
  return bytes;
}
