import { Base64DecodeError, pythonB64decode, pythonB64decodeYielding } from '../../fastapi/base64/index.js';
import { httpException, pythonException } from '../errors/index.js';
import { PyFloat, type PyJson } from '../python/index.js';
import { pilLoadError, pilOpens } from '../png/pil-open.js';

/** Python's `type(value).__name__` for a JSON value. */
export function pythonTypeName(value: PyJson | undefined): string {
  if (value === null || value === undefined) return 'NoneType';
  if (value instanceof PyFloat) return 'float';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'string':
      return 'str';
    default:
      return 'dict';
  }
}

/** `ipaddress.ip_address(ip).is_global` for IPv4 (Python 3.10): not private, not shared (100.64/10). */
function isGlobalIpv4(octets: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const within = (base: number[], bits: number) => {
    const address = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const network = (((base[0] ?? 0) << 24) | ((base[1] ?? 0) << 16) | ((base[2] ?? 0) << 8) | (base[3] ?? 0)) >>> 0;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (address & mask) >>> 0 === (network & mask) >>> 0;
  };
  const notGlobal: Array<[number[], number]> = [
    [[0, 0, 0, 0], 8],
    [[10, 0, 0, 0], 8],
    [[100, 64, 0, 0], 10],
    [[127, 0, 0, 0], 8],
    [[169, 254, 0, 0], 16],
    [[172, 16, 0, 0], 12],
    [[192, 0, 0, 0], 29],
    [[192, 0, 0, 170], 31],
    [[192, 0, 2, 0], 24],
    [[192, 168, 0, 0], 16],
    [[198, 18, 0, 0], 15],
    [[198, 51, 100, 0], 24],
    [[203, 0, 113, 0], 24],
    [[240, 0, 0, 0], 4],
    [[255, 255, 255, 255], 32],
  ];
  return !notGlobal.some(([base, bits]) => within(base, bits));
}

/** `inet_aton`'s forms of an IPv4 literal (`127.1`, `2130706433`, `0x7f.1`), as `gethostbyname` accepts them. */
function parseIpv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((part) => !/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(part))) return undefined;
  const numbers = parts.map((part) =>
    /^0x/i.test(part)
      ? Number.parseInt(part.slice(2), 16)
      : part.length > 1 && part.startsWith('0')
        ? Number.parseInt(part, 8)
        : Number(part),
  );
  const last = numbers.pop() as number;
  if (numbers.some((value) => value > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  const tail = [];
  for (let value = last, i = 0; i < 4 - numbers.length; i++, value = Math.floor(value / 256)) tail.unshift(value % 256);
  return [...numbers, ...tail];
}

/**
 * The webui's `verify_url` with `api_forbid_local_requests` (the default): the whole netloc
 * (port and user info included) goes to `socket.gethostbyname_ex`, so anything it cannot
 * resolve counts as local too. The mock never resolves names: only `localhost` and IPv4
 * literals are judged; any other name is taken as global (and then fails as an unreadable URL).
 */
function isLocalUrl(url: string): boolean {
  const netloc = url.replace(/^https?:\/\//, '').split(/[/?#]/)[0] ?? '';
  if (netloc === '' || /[:@[\]]/.test(netloc)) return true;
  const host = netloc.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const octets = parseIpv4(host);
  return octets !== undefined && !isGlobalIpv4(octets);
}

/** How http(s) image values are treated: the webui's `api_*` options (1.6+; before, a URL is just bad base64). */
export interface ImageUrlPolicy {
  /** 1.6+: http(s) values are URLs at all. */
  urls: boolean;
  /** `api_enable_requests` (default true). */
  enableRequests: boolean;
  /** `api_forbid_local_requests` (default true). */
  forbidLocalRequests: boolean;
}

/** The policy of a webui's current settings. */
export function imageUrlPolicy(options: { has(key: string): boolean; get(key: string): unknown }): ImageUrlPolicy {
  return {
    urls: options.has('api_enable_requests'),
    enableRequests: options.get('api_enable_requests') !== false,
    forbidLocalRequests: options.get('api_forbid_local_requests') !== false,
  };
}

const DEFAULT_POLICY: ImageUrlPolicy = { urls: true, enableRequests: true, forbidLocalRequests: true };

/**
 * Decodes an image field exactly as the webui's `decode_base64_to_image` does, raising where it
 * raises: a value that is not a string fails on `.startswith` (AttributeError); http(s) URLs
 * (1.6+) are refused when `api_enable_requests` is off, or point at a local host while
 * `api_forbid_local_requests` is on (the mock fetches nothing: other URLs are "Invalid image url");
 * a `data:image/` value is cut with `split(";")[1].split(",")[1]` (IndexError when either is
 * missing); the rest goes through Python's non-strict `b64decode` and must open as an image
 * (`Image.open`), else 500 "Invalid encoded image".
 */
export function decodeImageInput(value: PyJson | undefined, policy: ImageUrlPolicy = DEFAULT_POLICY): Uint8Array {
  const encoding = imageEncoding(value, policy);
  try {
    return opened(pythonB64decode(encoding));
  } catch (error) {
    throw asInvalidImage(error);
  }
}

/** `decodeImageInput` for the inputs that may be tens of megabytes (init images): the base64 is decoded in turns. */
export async function decodeImageInputYielding(
  value: PyJson | undefined,
  policy: ImageUrlPolicy = DEFAULT_POLICY,
): Promise<Uint8Array> {
  const encoding = imageEncoding(value, policy);
  try {
    return opened(await pythonB64decodeYielding(encoding));
  } catch (error) {
    throw asInvalidImage(error);
  }
}

/** The base64 text of an image input, after the webui's URL and data-URL handling. */
function imageEncoding(value: PyJson | undefined, policy: ImageUrlPolicy): string {
  if (typeof value !== 'string')
    throw pythonException('AttributeError', `'${pythonTypeName(value)}' object has no attribute 'startswith'`);
  if (policy.urls && (value.startsWith('http://') || value.startsWith('https://'))) {
    if (!policy.enableRequests) throw httpException(500, 'Requests not allowed');
    if (policy.forbidLocalRequests && isLocalUrl(value))
      throw httpException(500, 'Request to local resource not allowed');
    throw httpException(500, 'Invalid image url');
  }
  if (!value.startsWith('data:image/')) return value;
  const afterSemicolon = value.split(';')[1]?.split(',')[1];
  if (afterSemicolon === undefined) throw pythonException('IndexError', 'list index out of range');
  return afterSemicolon;
}

/** Bytes that do not open as an image (`Image.open`) are the webui's "Invalid encoded image". */
function opened(bytes: Uint8Array): Uint8Array {
  if (!pilOpens(bytes)) throw httpException(500, 'Invalid encoded image');
  return bytes;
}

/** Python's `binascii.Error` from `b64decode` surfaces as the same "Invalid encoded image". */
function asInvalidImage(error: unknown): unknown {
  return error instanceof Base64DecodeError ? httpException(500, 'Invalid encoded image') : error;
}

/** Loads the pixels of a decoded image, as the webui's processing does later: Pillow's OSError for a truncated file. */
export async function loadImage(bytes: Uint8Array): Promise<Uint8Array> {
  const error = await pilLoadError(bytes);
  if (error !== undefined) throw pythonException('OSError', error);
  return bytes;
}
