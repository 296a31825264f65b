/** What `formatInfotext` needs; an `Infotext` from `parseInfotext` qualifies. */
export interface InfotextInput {
  prompt?: string;
  negativePrompt?: string;
  /** `Key: value` pairs in the order they should appear. Numbers print with `String()`. */
  params?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The webui's `quote()`: a value containing `,`, `:` or a newline is written as a JSON string
 * (non-ASCII kept), anything else as is.
 */
export function quoteInfotextValue(value: string): string {
  return /[,:\n]/.test(value) ? JSON.stringify(value) : value;
}

/**
 * Writes an infotext as the webui does (`create_infotext`): prompt, `Negative prompt:` line
 * when there is one, then the pairs joined by `, `; the whole string trimmed. For infotexts the
 * webui wrote, `formatInfotext(parseInfotext(text)) === text`.
 */
export function formatInfotext(input: InfotextInput): string {
  const pairs = Object.entries(input.params ?? {})
    .map(([key, value]) => `${key}: ${quoteInfotextValue(String(value))}`)
    .join(', ');
  const negative = input.negativePrompt ? `\n${'Negative prompt:'} ${input.negativePrompt}` : '';
  return `${input.prompt ?? ''}${negative}\n${pairs}`.trim();
}
