/**
 * The SDK's request and settings types for a client of `target: 'sdnext'`: SD.Next's own fields
 * (`detailer_*`, `schedulers_*`, `guidance_*`, `ip_adapter`, …) from its document, with the SDK's image
 * inputs. Types only: the requests go through the same calls as every target's.
 */
import type { components } from '../../generated/sdnext.js';
import type { ImageInput } from '../../images/input.js';

type Schemas = components['schemas'];

/** SD.Next's txt2img fields; every one is optional, the server fills defaults. */
export type SdnextTxt2imgParams = Omit<Schemas['StableDiffusionProcessingTxt2Img'], 'override_settings'> & {
  /** Settings for this request only (SD.Next's keys, `getOptions()` lists them). */
  override_settings?: Record<string, unknown> | null;
};

/** SD.Next's img2img fields; images may be bytes, Blobs, data URLs, base64 or (Node) file paths. */
export type SdnextImg2imgParams = Omit<
  Schemas['StableDiffusionProcessingImg2Img'],
  'override_settings' | 'init_images' | 'mask'
> & {
  override_settings?: Record<string, unknown> | null;
  init_images: ImageInput[];
  /** White = repaint. */
  mask?: ImageInput | null;
};

/** SD.Next's settings by key (its `GET /sdapi/v1/options` is a dict of its 600-odd registered settings). */
export type SdnextOptions = Record<string, unknown>;
