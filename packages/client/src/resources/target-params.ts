/**
 * The request and settings types of each target: SD.Next's own for `sdnext` (its API is not A1111's),
 * A1111's with Forge's fields for the others. `WebuiClient<T>` types its calls with them.
 */
import type { SdnextImg2imgParams, SdnextOptions, SdnextTxt2imgParams } from '../forks/sdnext/types.js';
import type { Target } from '../raw-client/index.js';
import type { Img2imgParams, Txt2imgParams } from './generation-request.js';
import type { Options } from './options.js';

/** `txt2img`'s fields for a target. */
export type Txt2imgParamsOf<T extends Target> = T extends 'sdnext' ? SdnextTxt2imgParams : Txt2imgParams;

/** `img2img`'s fields for a target. */
export type Img2imgParamsOf<T extends Target> = T extends 'sdnext' ? SdnextImg2imgParams : Img2imgParams;

/** The settings (`getOptions`, `setOptions`) of a target. */
export type OptionsOf<T extends Target> = T extends 'sdnext' ? SdnextOptions : Options;
