import { readFileSync } from 'node:fs';
import {
  SAMPLERS_FORGE_2,
  SAMPLERS_V1_10,
  SAMPLERS_V1_4,
  SAMPLERS_V1_7,
  SCHEDULERS_FORGE_2,
  SCHEDULERS_V1_10,
  type SamplerItem,
  type SchedulerItem,
} from '../samplers/data.js';

/** A1111 releases and the forks that keep its API (Forge): one emulation, switched by `Profile`. */
export type A1111ProfileId = 'a1111-1.10' | 'a1111-1.7' | 'a1111-1.4' | 'forge-2';

/**
 * Every server the mock can be: the A1111 family, and SD.Next (vladmandic/sdnext @ 058a7f0), whose
 * API is its own and is emulated apart (`webui/sdnext`, `http/sdnext`).
 */
export type ProfileId = A1111ProfileId | 'sdnext';

/**
 * What differs between the webui releases the mock can pretend to be. Each flag names the
 * release that changed the behaviour (see the behaviour notes' version history).
 */
export interface Profile {
  id: A1111ProfileId;
  /** `Version` in `/internal/sysinfo`, `info.version` and infotexts (1.7+). */
  version: string;
  samplers: readonly SamplerItem[];
  /** 1.9.1+: `/sdapi/v1/schedulers` and the `scheduler` request field. */
  schedulers: readonly SchedulerItem[] | null;
  /** How `sampler_name` is resolved: exact name with 404 (≤1.9), or split-and-fallback (1.10). */
  samplerResolution: 'exact' | 'split-fallback';
  /** 1.7+: png-info answers `{info, items, parameters}`; before, `parameters` lived in `items`. */
  pngInfoParsed: boolean;
  /** 1.7+: `info.version` and `Version:` in infotexts. */
  versionInInfo: boolean;
  /** 1.8+: `stopping_generation` in the progress state. */
  stoppingGeneration: boolean;
  /** 1.5+: POST /options rejects an unknown checkpoint (before, the first model loaded silently). */
  checksCheckpointOnSet: boolean;
  /** 1.6+: `/internal/progress` says `In queue: k/n` for queued tasks (before, `Queued...`). */
  queuePositionText: boolean;
  /** 1.7+: txt2img `denoising_strength` defaults to null, so plain txt2img infos say null (before: 0). */
  denoisingNullByDefault: boolean;
  /** Before 1.5 API infotexts always carried `Seed resize from: -1x-1`. */
  alwaysSeedResize: boolean;
  /** 1.6+: `info` has `sd_model_name`, `sd_vae_name`, `sd_vae_hash`. */
  modelNameInInfo: boolean;
  /**
   * The pydantic generation of the server's stack: 1 (FastAPI 0.94, A1111) or 2 (FastAPI 0.1xx,
   * Forge), which decides request validation and the error items (`fastapi/pydantic`, `fastapi/pydantic-v2`).
   */
  pydantic: 1 | 2;
  /**
   * The server's own `/openapi.json` (bundled as `data/specs/<id>.document.json`) when the mock serves,
   * routes and validates by it rather than by the normalized spec: pydantic v2's field order,
   * `Optional`s and defaults live only there (the normalized spec sorts keys). Null: the normalized spec.
   */
  document: string | null;
  /**
   * How a fork differs from the A1111 release it is built on; null for A1111 itself.
   * Every Forge difference the mock emulates is switched by this one field.
   */
  fork: ForkTraits | null;
}

/** Forge 2 (EXTENSIONS.md §3): what the mock does differently when `fork` is set. */
export interface ForkTraits {
  name: 'forge';
  /**
   * Error bodies: the webui's `api_middleware` is disabled, so `HTTPException`s are FastAPI's
   * `{"detail"}` (401s with `WWW-Authenticate: Basic`) and other exceptions Forge's app handler's
   * `{error, detail: "", body: "", message}`; no `X-Process-Time` header.
   */
  errorBodies: 'fastapi';
  /**
   * Infotext: `Hires CFG Scale` with hires fix, `Hires Module i` for a listed
   * `hr_additional_modules`, and after `Version` `Diffusion in Low Bits` and `Module i` from the
   * `forge_*` options. `VAE`/`VAE hash` are never written (the mock writes neither anyway).
   */
  infotext: 'forge';
  /** ControlNet is built in (`sd_forge_controlnet`): installed whatever `extensions` says. */
  builtinControlNet: boolean;
}

const PROFILES: Record<A1111ProfileId, Omit<Profile, 'id'>> = {
  'a1111-1.10': {
    version: 'v1.10.1',
    samplers: SAMPLERS_V1_10,
    schedulers: SCHEDULERS_V1_10,
    samplerResolution: 'split-fallback',
    pngInfoParsed: true,
    versionInInfo: true,
    stoppingGeneration: true,
    checksCheckpointOnSet: true,
    queuePositionText: true,
    denoisingNullByDefault: true,
    alwaysSeedResize: false,
    modelNameInInfo: true,
    pydantic: 1,
    document: null,
    fork: null,
  },
  'a1111-1.7': {
    version: 'v1.7.0',
    samplers: SAMPLERS_V1_7,
    schedulers: null,
    samplerResolution: 'exact',
    pngInfoParsed: true,
    versionInInfo: true,
    stoppingGeneration: false,
    checksCheckpointOnSet: true,
    queuePositionText: true,
    denoisingNullByDefault: true,
    alwaysSeedResize: false,
    modelNameInInfo: true,
    pydantic: 1,
    document: null,
    fork: null,
  },
  'a1111-1.4': {
    version: 'v1.4.1',
    samplers: SAMPLERS_V1_4,
    schedulers: null,
    samplerResolution: 'exact',
    pngInfoParsed: false,
    versionInInfo: false,
    stoppingGeneration: false,
    checksCheckpointOnSet: false,
    queuePositionText: false,
    denoisingNullByDefault: false,
    alwaysSeedResize: true,
    modelNameInInfo: false,
    pydantic: 1,
    document: null,
    fork: null,
  },
  // Forge 2.0.1 on A1111 1.10.1 (EXTENSIONS.md §3): the 1.10 behaviour plus `fork`.
  'forge-2': {
    version: 'f2.0.1v1.10.1-previous-669-gdfdcbab6',
    samplers: SAMPLERS_FORGE_2,
    schedulers: SCHEDULERS_FORGE_2,
    samplerResolution: 'split-fallback',
    pngInfoParsed: true,
    versionInInfo: true,
    stoppingGeneration: true,
    checksCheckpointOnSet: true,
    queuePositionText: true,
    // Forge's txt2img default is 0.75 (the spec says so, and `info` echoes it), but plain txt2img
    // infotexts still leave it out, as 1.10's do.
    denoisingNullByDefault: true,
    alwaysSeedResize: false,
    modelNameInInfo: true,
    pydantic: 2,
    // Forge's document as its API code generates it under pydantic 2 (spec/captures/forge-dfdcbab.openapi.json).
    document: 'forge-dfdcbab.openapi.json',
    fork: { name: 'forge', errorBodies: 'fastapi', infotext: 'forge', builtinControlNet: true },
  },
};

/** The A1111-family profiles (the ones `getProfile` describes). */
export const A1111_PROFILE_IDS = Object.keys(PROFILES) as A1111ProfileId[];

/** Every profile `--profile` takes. */
export const PROFILE_IDS: readonly ProfileId[] = [...A1111_PROFILE_IDS, 'sdnext'];

/** Whether `value` names a profile (`a1111-1.10`, `forge-2`, …). */
export function isProfileId(value: string): value is ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(value);
}

/** An A1111-family profile: what the mock emulates of one webui release (version, samplers and schedulers, how it resolves names, fork traits). */
export function getProfile(id: A1111ProfileId): Profile {
  return { id, ...PROFILES[id] };
}

const dataDir = new URL('../../../data/', import.meta.url);

/** The profile's normalized OpenAPI document (bundled into `data/specs` at build time), as bytes. */
export function readProfileSpec(id: A1111ProfileId): Uint8Array {
  try {
    return new Uint8Array(readFileSync(new URL(`specs/${id}.json`, dataDir)));
  } catch (error) {
    throw new Error(`the mock's bundled spec for ${id} is missing; run the package build (pnpm build)`, {
      cause: error,
    });
  }
}

/** The server's own OpenAPI document a profile serves (`Profile.document`), as bytes; undefined when it has none. */
export function readProfileDocument(profile: Profile): Uint8Array | undefined {
  if (profile.document === null) return undefined;
  try {
    return new Uint8Array(readFileSync(new URL(`specs/${profile.id}.document.json`, dataDir)));
  } catch (error) {
    throw new Error(`the mock's bundled document for ${profile.id} is missing; run the package build (pnpm build)`, {
      cause: error,
    });
  }
}

/** The body of one bundled real recording (`data/recordings/<file>`). */
export function readRecordedBody<T>(file: string): T {
  const recording = JSON.parse(readFileSync(new URL(`recordings/${file}`, dataDir), 'utf8')) as { body: T };
  return recording.body;
}
