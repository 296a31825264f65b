import { pyFloat, type PyJson } from '../../python/index.js';
import { findParams } from './params.js';

/**
 * Longest infotext the mock parses (1 MiB): past it `parameters` is `{}`. SD.Next has no limit; its
 * parser's regular expression would take hours on some such texts anyway.
 */
export const MAX_PARSED_INFOTEXT = 1024 * 1024;
const SIZE = /^(\d+)x(\d+)$/;
/** Words that start the parameters (the first one ends the prompt), then the prompt-like fields. */
const PARAM_WORDS = ['steps: ', 'seed: ', 'width: ', 'height: ', 'sampler: ', 'size: ', 'cfg scale: ', 'pipeline: '];
const SEARCH = [...PARAM_WORDS, 'negative prompt: ', 'template: ', 'negative template: '];

/** Python's `str.strip(chars)`. */
function strip(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start] as string)) start++;
  while (end > start && chars.includes(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

const WHITESPACE =
  ' \t\n\r\v\f\u001c\u001d\u001e\u001f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** `extract(keyword, text)` of `infotext.parse`: the text up to the first parameter word, and the text without it. */
function extract(keyword: string, text: string): [string, string] {
  if (!text.toLowerCase().includes(keyword)) return ['', text];
  let rest = text;
  if (rest.toLowerCase().startsWith(`${keyword}:`)) rest = rest.slice(keyword.length + 1);
  rest = strip(strip(rest, '\n'), WHITESPACE);
  const lower = rest.toLowerCase();
  const found = SEARCH.filter((word) => lower.includes(word)).map((word) => lower.indexOf(word));
  const index = found.length > 0 ? Math.min(...found) : 0;
  const taken = rest.slice(0, index);
  rest = taken === '' ? rest : rest.replaceAll(taken, '');
  return [strip(strip(taken, '\n'), WHITESPACE), rest];
}

/** `infotext.unquote`: a value in double quotes is JSON-decoded when it can be. */
function unquote(text: string | null): string {
  if (text === null) return '';
  if (text.length === 0 || text[0] !== '"' || text[text.length - 1] !== '"') return text;
  try {
    const decoded: unknown = JSON.parse(text);
    return typeof decoded === 'string' ? decoded : text;
  } catch {
    return text;
  }
}

/**
 * SD.Next's `modules/infotext.parse` (the `parameters` of `/png-info`): pairs in the order they
 * appear, then `Prompt` and `Negative prompt` (null when empty); numbers become int or float,
 * `True`/`False` booleans, a `WxH` value stays text and gains `<Key>-1`/`<Key>-2`; text without any
 * pair is `{"Prompt": <text>}`.
 */
export function parseSdnextInfotext(infotext: string): Record<string, PyJson> {
  if (infotext.length > MAX_PARSED_INFOTEXT || strip(infotext, WHITESPACE).length === 0) return {};
  const [prompt, afterPrompt] = extract('', infotext.replaceAll('\nSteps:', ' Steps:'));
  const [negative, afterNegative] = extract('negative prompt', afterPrompt);
  const [template, afterTemplate] = extract('template', afterNegative);
  const [negativeTemplate, remaining] = extract('negative template', afterTemplate);
  const params = new Map<string, PyJson>();
  for (const [key, value] of findParams(remaining)) params.set(key, value);
  if (params.size === 0) return { Prompt: infotext };
  params.set('Prompt', prompt.length > 0 ? prompt : null);
  params.set('Negative prompt', negative.length > 0 ? negative : null);
  if (template.length > 0 && template !== params.get('Prompt')) params.set('Template', template);
  if (negativeTemplate.length > 0 && negativeTemplate !== params.get('Negative prompt'))
    params.set('Negative template', negativeTemplate);
  for (const [key, raw] of [...params]) {
    const value = strip(unquote(raw as string | null), ' ,\n').replaceAll('\\\n', '');
    const size = SIZE.exec(value);
    if (/^\d+$/.test(value.replace('.', ''))) {
      params.set(key, value.includes('.') ? pyFloat(Number(value)) : Number(value));
    } else if (value === 'True') params.set(key, true);
    else if (value === 'False') params.set(key, false);
    else if (key === 'VAE' && value === 'TAESD') params.set('VAE type', 'Tiny');
    else if (size !== null) {
      params.set(`${key}-1`, Number(size[1]));
      params.set(`${key}-2`, Number(size[2]));
    } else if (typeof raw === 'string') params.set(key, value);
  }
  return Object.fromEntries(params);
}
