import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sniffImage } from '../../webui/png/index.js';
import { PyFloat, type PyJson } from '../../webui/python/index.js';

/** Characters of a text handled per turn of the event loop (a multiple of 4: base64 quanta never straddle two slices). */
const SLICE = 4 << 20;
/** Bytes hashed or encoded per turn of the event loop. */
const BYTE_SLICE = 4 << 20;

/** An asset to write: its name in `assets/` and its bytes. */
export interface PendingAsset {
  name: string;
  bytes: Buffer;
}

/**
 * The bytes of `text` when it is canonical base64 (what `Buffer#toString('base64')` gives back
 * exactly, so replay restores the same text), else undefined. Decoded and re-encoded a few
 * megabytes at a time, the event loop running between slices.
 */
async function canonicalBase64(text: string): Promise<Buffer | undefined> {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]{4}/.test(text)) return undefined;
  const parts: Buffer[] = [];
  for (let start = 0; start < text.length; start += SLICE) {
    const piece = text.slice(start, start + SLICE);
    // Padding may only end the whole text; elsewhere the round trip below catches any other flaw.
    if (start + SLICE < text.length && piece.endsWith('=')) return undefined;
    const bytes = Buffer.from(piece, 'base64');
    if (bytes.toString('base64') !== piece) return undefined;
    parts.push(bytes);
    await nextTurn();
  }
  return Buffer.concat(parts);
}

/** The content-hash name of an asset (so re-recording the same bytes writes nothing new), hashed a slice at a time. */
async function assetName(bytes: Buffer, extension: string): Promise<string> {
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.length; start += BYTE_SLICE) {
    hash.update(bytes.subarray(start, start + BYTE_SLICE));
    if (start + BYTE_SLICE < bytes.length) await nextTurn();
  }
  return `${hash.digest('hex').slice(0, 16)}.${extension}`;
}

/** A long base64 string of a body as an asset (its extension from the image type), or undefined when it is not base64. */
export async function base64Asset(text: string): Promise<PendingAsset | undefined> {
  const bytes = await canonicalBase64(text);
  if (bytes === undefined) return undefined;
  return { name: await assetName(bytes, sniffImage(bytes) ?? 'bin'), bytes };
}

/** Exact body bytes as an asset of their own (`bodyAsset`): `.txt` when they are UTF-8 text, else `.bin`. */
export async function bodyAsset(bytes: Uint8Array): Promise<PendingAsset> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { name: await assetName(buffer, isUtf8(buffer) ? 'txt' : 'bin'), bytes: buffer };
}

/** What an asset may be called: a plain file name inside `assets/`. */
export const isAssetName = (name: string) => /^[\w.-]+$/.test(name) && !/^\.+$/.test(name);

/** `value` with each string replaced by `map(string)`: how `$asset:` references are made and resolved. */
export function mapStrings(value: PyJson, map: (text: string) => string): PyJson {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item as PyJson, map)]));
  }
  return value;
}
