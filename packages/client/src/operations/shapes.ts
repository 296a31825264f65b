/**
 * Minimal checks that a 2xx body has the shape the SDK reads, so a wrong answer (another app,
 * a proxy page, a broken server) is reported as such instead of surfacing as a `TypeError`.
 * Each returns what is wrong, or undefined. Only what the SDK uses is checked.
 */
import type { ShapeCheck } from '../core/answer-body/index.js';

type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array';

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** An object whose listed fields have these types; `?` allows the field to be missing or null. */
export function objectWith(fields: Record<string, `${FieldType}${'' | '?'}`>): ShapeCheck {
  return (body) => {
    if (typeOf(body) !== 'object') return `the body is ${typeOf(body)}, not an object`;
    for (const [name, spec] of Object.entries(fields)) {
      const optional = spec.endsWith('?');
      const want = spec.replace('?', '');
      const value = (body as Record<string, unknown>)[name];
      if (optional && (value === undefined || value === null)) continue;
      if (typeOf(value) !== want) return `"${name}" is ${typeOf(value)}, not ${want}`;
    }
    return undefined;
  };
}

/** A list whose items are objects. */
export const listOfObjects: ShapeCheck = (body) => {
  if (!Array.isArray(body)) return `the body is ${typeOf(body)}, not a list`;
  const bad = body.findIndex((item) => typeOf(item) !== 'object');
  return bad === -1 ? undefined : `item ${bad} is ${typeOf(body[bad])}, not an object`;
};

/** Any JSON (calls whose answer the SDK does not read). */
export const anyJson: ShapeCheck = () => undefined;
