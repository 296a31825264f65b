/** Formats the webui's image decoder (PIL) reads, recognised by their first bytes. */
const SIGNATURES: Array<[string, (bytes: Uint8Array) => boolean]> = [
  // All eight bytes of the PNG signature: four would take the start of a PNG cut off as one.
  ['image/png', (b) => b[0] === 0x89 && ascii(b, 1, 8) === 'PNG\r\n\x1a\n'],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
  ['image/gif', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['image/bmp', (b) => ascii(b, 0, 2) === 'BM'],
  ['image/tiff', (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*'],
  ['image/avif', (b) => ascii(b, 4, 8) === 'ftyp' && /^(avif|avis|heic|heix|mif1)$/.test(ascii(b, 8, 12))],
];

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** The image type of some bytes, from their signature; undefined when they are no image we know. */
export function imageTypeOf(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}
