/**
 * Text from a server or a file, safe to print on a terminal or to write into a file a person
 * reads: control characters (C0 and C1: escape sequences that could move the cursor, clear the
 * screen, set the title or write the clipboard through OSC 52) are dropped; newlines and tabs
 * stay. Callers that need one line replace those themselves.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** `printable` for text shown on one line (a version string, a path, a field name): newlines and tabs become spaces. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]+/g, ' ');
}

/**
 * JSON for a file a person reads: `JSON.stringify`, with the C1 control characters (which
 * `JSON.stringify` leaves raw) and the line separators written as `\u` escapes. Lossless: it
 * parses back to the same value.
 */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
