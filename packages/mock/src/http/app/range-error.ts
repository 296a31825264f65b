import type { PyJson } from '../../webui/python/index.js';

/**
 * The webui error body for a RangeError, labelled by its real cause: only a stack overflow is
 * Python's RecursionError (JSON nested too deep); a string or buffer too large for V8 is a
 * MemoryError; anything else (a negative size, say) keeps its own name and message.
 */
export function rangeErrorBody(error: RangeError): PyJson {
  if (/call stack/i.test(error.message)) {
    return { error: 'RecursionError', detail: '', body: '', errors: 'maximum recursion depth exceeded' };
  }
  const code = (error as { code?: unknown }).code;
  const tooLarge =
    code === 'ERR_STRING_TOO_LONG' ||
    code === 'ERR_BUFFER_TOO_LARGE' ||
    /Invalid (string|array|typed array) length|allocation failed/i.test(error.message);
  return { error: tooLarge ? 'MemoryError' : 'RangeError', detail: '', body: '', errors: error.message };
}
