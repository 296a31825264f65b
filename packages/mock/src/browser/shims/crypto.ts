/**
 * `node:crypto` for the browser mock: the few functions the mock's app calls, on Web Crypto and the
 * synchronous `sha256` beside this file. Only SHA-256 is asked for; any other algorithm throws.
 */
import { Buffer } from 'buffer';
import { sha256 } from './sha256.js';

type Encoding = 'hex' | 'base64' | 'buffer';

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

function encode(digest: Uint8Array, encoding: Encoding | undefined): Buffer | string {
  const buffer = Buffer.from(digest);
  return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
}

function checkAlgorithm(algorithm: string): void {
  if (algorithm !== 'sha256') throw new Error(`the browser mock hashes with sha256 only, not ${algorithm}`);
}

export function createHash(algorithm: string) {
  checkAlgorithm(algorithm);
  const parts: Uint8Array[] = [];
  const hasher = {
    update(data: string | Uint8Array) {
      parts.push(bytesOf(data));
      return hasher;
    },
    digest(encoding?: Encoding) {
      return encode(sha256(Buffer.concat(parts)), encoding);
    },
  };
  return hasher;
}

export function hash(algorithm: string, data: string | Uint8Array, encoding: Encoding = 'hex'): Buffer | string {
  checkAlgorithm(algorithm);
  return encode(sha256(bytesOf(data)), encoding);
}

/** A uniform integer in [min, max) (or [0, max)), as Node's `randomInt`. */
export function randomInt(min: number, max?: number): number {
  const [low, high] = max === undefined ? [0, min] : [min, max];
  const range = high - low;
  const values = new Uint32Array(2);
  crypto.getRandomValues(values);
  const unit = ((values[0] as number) * 2 ** 21 + ((values[1] as number) >>> 11)) / 2 ** 53;
  return low + Math.floor(unit * range);
}

export function randomUUID(): string {
  return crypto.randomUUID();
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}
