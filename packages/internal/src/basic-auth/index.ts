/**
 * The HTTP Basic `Authorization` value for `user:password` credentials: `Basic ` and the
 * base64 of their UTF-8 bytes (RFC 7617). Uses `TextEncoder` and `btoa` rather than Node's
 * `Buffer`, so the same code runs in browsers. The credentials are encoded as given; checking
 * their shape (a `:` present, ASCII only for a webui) is the caller's concern.
 */
export function basicAuthHeader(credentials: string): string {
  let binary = '';
  // btoa takes one character per byte (Latin-1): spell the UTF-8 bytes out as such characters.
  for (const byte of new TextEncoder().encode(credentials)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
