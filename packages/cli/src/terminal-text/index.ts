/**
 * Text from a server or a file, safe to print on a terminal: control characters (escape
 * sequences that could move the cursor, rewrite the screen or set the title) are dropped;
 * newlines and tabs stay.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
