export { parseInfotext, type Infotext, type HiresInfo } from './parse/index.js';
export { formatInfotext, quoteInfotextValue, type InfotextInput } from './format/index.js';
export { toTxt2imgRequest, type Txt2imgRequestFromInfotext } from './request/index.js';
export {
  readPngText,
  readPngParameters,
  writePngText,
  encodeTextChunk,
  crc32,
  isPng,
  PngFormatError,
  type PngTextEntry,
} from './png-text/index.js';
export {
  isJpeg,
  readExifUserComment,
  decodeUserComment,
  readJpegParameters,
  readImageParameters,
} from './jpeg-exif/index.js';
