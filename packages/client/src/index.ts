export { createWebuiClient, WebuiClient } from './client.js';
export type { WebuiClientOptions } from './client-options.js';
export { Job, type JobProgress, type ProgressOptions } from './job/index.js';
export {
  SdwebuiError,
  ApiError,
  ValidationError,
  AuthError,
  NotFoundError,
  TimeoutError,
  AbortError,
  ConnectionError,
  BadResponseError,
  ResponseTooLargeError,
  ConfigurationError,
  ImageInputError,
  ScriptError,
  UnsupportedError,
  RateLimitError,
  type ErrorKind,
  type NameKind,
  type ValidationIssue,
} from './core/errors.js';
export type { CallOptions, Logger, LogDetails } from './core/call.js';
export type { RetryOptions } from './core/retry/index.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './core/body-limit/index.js';
export type { GenerationResult, ExtraImage } from './resources/generation.js';
export {
  controlNet,
  type ControlNetImage,
  type ControlNetScript,
  type ControlNetUnitEntry,
  type ControlNetUnitInput,
} from './extensions/controlnet/index.js';
export {
  adetailer,
  type ADetailerOptions,
  type ADetailerScript,
  type ADetailerTab,
} from './extensions/adetailer/index.js';
export type { AlwaysOnScripts } from './extensions/always-on/index.js';
export type { ExtraImageLabel, ExtraImageSource } from './extensions/extra-images/index.js';
export type { ScriptArgument, ScriptListing } from './resources/scripts.js';
export type { ControlNetDetectParams, ControlNetDetectResult } from './resources/extension-routes.js';
export type { GenerationOptions, Txt2imgParams, Img2imgParams } from './resources/generation-request.js';
export type { GenerationInfo } from './resources/info.js';
export type { Embedding, Model, ModelMatch, ResolvedModel, RefreshTarget } from './resources/models.js';
export { resolveModelIn } from './resources/models.js';
export type { Options, SetOptionsOptions } from './resources/options.js';
export type { ForgeModule, Vae } from './resources/vaes-and-modules.js';
export type { PngInfoResult, UpscaleOptions, UpscaleParams, UpscaleResult } from './resources/images.js';
export type { ServerProfile } from './resources/detect.js';
export type { Fork, ServerFeatures } from './raw-client/features.js';
export type { ImageInput } from './images/input.js';
export { imageTypeOf } from './images/magic.js';
export type { GeneratedImage } from './images/output.js';
export {
  createRawClient,
  basicAuthorization,
  TARGETS,
  DEFAULT_TARGET,
  type Target,
  type TargetPaths,
  type RawClientOptions,
} from './raw-client/index.js';
export type { paths, components, operations } from './generated/a1111-1.10.js';
export type * as V1_10 from './generated/a1111-1.10.js';
export type * as V1_7 from './generated/a1111-1.7.js';
export type * as V1_4 from './generated/a1111-1.4.js';
export { SDK_CALLS_BY_OPERATION, affectedSdkCalls } from './operations/sdk-calls.js';
export type * as Forge2 from './generated/forge-2.js';
export type * as Sdnext from './generated/sdnext.js';
export type { SdnextImg2imgParams, SdnextOptions, SdnextTxt2imgParams } from './forks/sdnext/types.js';
export type { Img2imgParamsOf, OptionsOf, Txt2imgParamsOf } from './resources/target-params.js';
export {
  scriptCatalogues,
  type ExtensionPaths,
  type ExtensionSchemas,
  type ScriptArgDescription,
  type ScriptArgTypes,
  type ScriptCatalogue,
  type ScriptDescription,
} from './generated/index.js';

import type { components } from './generated/a1111-1.10.js';

/** Component schemas of the default target (`a1111-1.10`), e.g. `Schemas['SDModelItem']`. */
export type Schemas = components['schemas'];
