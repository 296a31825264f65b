/**
 * The bidirectional formatting characters (embeddings, overrides, isolates and their ends): invisible,
 * they reorder how the rest of a line is shown, so `‮txt.exe` reads as `exe.txt` and code or a
 * command can look like something else ("Trojan Source"). The marks (LRM, RLM) cannot override and stay.
 */
const BIDI_CONTROLS = '\u202a-\u202e\u2066-\u2069';

const CONTROLS = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'g');
const JSON_RAW = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`, 'g');

/**
 * Text from a server or a file, safe to print on a terminal or to write into a file a person
 * reads: control characters (C0 and C1: escape sequences that could move the cursor, clear the
 * screen, set the title or write the clipboard through OSC 52) and bidirectional overrides are
 * dropped; newlines and tabs stay. Callers that need one line replace those themselves.
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, '');
}

/** `printable` for text shown on one line (a version string, a path, a field name): newlines and tabs become spaces. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]+/g, ' ');
}

/**
 * JSON for a file a person reads: `JSON.stringify`, with the C1 control characters (which
 * `JSON.stringify` leaves raw), the line separators and the bidirectional overrides written as
 * `\u` escapes. Lossless: it parses back to the same value.
 */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_RAW,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Text from a server or a request as a message quotes it: cut at `max` characters (default 80)
 * with an ellipsis, so a hostile name, list or detail cannot make a message of megabytes. The
 * error's own fields keep the whole text.
 */
export const quoted = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);
