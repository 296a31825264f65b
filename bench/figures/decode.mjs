// The client's own decoding path (decodeImage per image), reached through its built module.
import { decodeImage } from '../../packages/client/dist/images/output.js';

export function decodeImagesForBench(data) {
  const info = JSON.parse(data.info);
  return data.images.map((image, index) => decodeImage(image, info.infotexts[index], info.all_seeds[index]));
}
