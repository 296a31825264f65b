import { UsageError } from '../errors.js';

/** Bounds of a numeric flag, inclusive. */
export interface Range {
  min: number;
  max: number;
}

const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A whole number within `range`, typed in decimal digits (no `1e3`, `0x10`, blanks or fractions). */
export function wholeNumber(value: string, flag: string, range: Range): number {
  const parsed = WHOLE.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`${flag} must be a whole number from ${range.min} to ${range.max}, got "${value}"`);
  }
  return parsed;
}

/** A decimal number within `range`. */
export function decimalNumber(value: string, flag: string, range: Range): number {
  const parsed = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`${flag} must be a number from ${range.min} to ${range.max}, got "${value}"`);
  }
  return parsed;
}

/** Image sides the webui accepts: multiples of 8 (the latent space is 1/8 of the image). */
const SIDE: Range = { min: 8, max: 16_384 };

/** `WIDTHxHEIGHT`, each side a multiple of 8 within `SIDE`. */
export function imageSize(value: string, flag: string): { width: number; height: number } {
  const match = /^(\d+)[x×](\d+)$/i.exec(value);
  const sides = match ? [Number(match[1]), Number(match[2])] : [];
  const ok = sides.length === 2 && sides.every((side) => side >= SIDE.min && side <= SIDE.max && side % 8 === 0);
  if (!ok)
    throw new UsageError(
      `${flag} must be WIDTHxHEIGHT, each a multiple of 8 from ${SIDE.min} to ${SIDE.max}, ` +
        `e.g. 512x768; got "${value}"`,
    );
  return { width: sides[0] as number, height: sides[1] as number };
}

/**
 * `KEY=VALUE`: the value as JSON when it parses (numbers, booleans, lists, objects), else the
 * text. Keys are field names as the webui spells them.
 */
export function assignment(text: string, flag: string): [string, unknown] {
  const at = text.indexOf('=');
  const key = at > 0 ? text.slice(0, at) : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new UsageError(`${flag} expects KEY=VALUE, got "${text}"`);
  const raw = text.slice(at + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

/** Commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
