/**
 * Text from a server or a request as a message quotes it: cut at `max` characters (default 80)
 * with an ellipsis, so a hostile name, list or detail cannot make a message of megabytes. The
 * error's own fields keep the whole text.
 */
export const quoted = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);
