import { ConfigurationError } from '../errors.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface ParsedBaseUrl {
  /** The URL without user info and trailing slashes: safe to print. */
  url: string;
  /** User info taken out of the URL (`http://me:secret@host`), decoded. */
  credentials: Credentials | undefined;
}

/**
 * Checks a base URL and takes credentials out of it: `fetch` refuses URLs with user info, and
 * an error message quoting the URL would print the password. Messages never repeat the input,
 * which may hold a secret.
 */
export function parseBaseUrl(baseUrl: string): ParsedBaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError('baseUrl is not a URL: give the scheme and host, e.g. http://127.0.0.1:7860');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError('baseUrl must start with http:// or https://, e.g. http://127.0.0.1:7860');
  }
  const credentials =
    url.username || url.password
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { url: url.href.replace(/\/+$/, ''), credentials };
}
