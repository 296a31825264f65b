/**
 * `node:fs` for the browser mock: `readFileSync` of the package's `data/` files, which the bundle
 * embeds (`scripts/bundle-browser.mjs` fills `files`); anything else is missing (ENOENT).
 */
import { Buffer } from 'buffer';

/** Embedded files by path under `data/`: all are UTF-8 text (JSON). */
const files = new Map<string, string>();

/** Called by the bundle's data module with every embedded file. */
export function embedData(entries: Record<string, string>): void {
  for (const [path, text] of Object.entries(entries)) files.set(path, text);
}

export function readFileSync(file: URL | string, encoding?: string | { encoding?: string }): Buffer | string {
  const href = typeof file === 'string' ? file : file.href;
  const at = href.indexOf('/data/');
  const text = at < 0 ? undefined : files.get(href.slice(at + '/data/'.length));
  if (text === undefined) {
    throw Object.assign(new Error(`ENOENT: the browser mock has no file ${href}`), { code: 'ENOENT' });
  }
  const name = typeof encoding === 'string' ? encoding : encoding?.encoding;
  if (name === 'utf8' || name === 'utf-8') return text;
  const bytes = Buffer.from(text, 'utf8');
  return name === undefined ? bytes : bytes.toString(name as BufferEncoding);
}

/** `fs.constants`, imported beside the file functions by the confined cassette reader (never called here). */
export const constants = {};
