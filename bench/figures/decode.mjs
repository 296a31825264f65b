// The client's own decoding path (decodeImage per image: the base64 check, the bytes, the type,
// the infotext and seed), reached through its built module; a rejected image fails the figure.
import { decodeImage } from '../../packages/client/dist/images/output.js';

export function decodeImagesForBench(data) {
  const info = JSON.parse(data.info);
  return data.images.map((image, index) => {
    const decoded = decodeImage(image, info.infotexts[index], info.all_seeds[index]);
    if (decoded === undefined) throw new Error(`image ${index} was rejected as not base64`);
    return decoded;
  });
}
