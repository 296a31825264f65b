/**
 * What every server entry of the package exports (`index`, `bun`, `deno`): the app, its profiles and
 * options, and the Node-API parts (cassette files and the recorder, which Bun and Deno run through
 * their Node compatibility). The entries add `createMockServer` on their runtime's own server.
 */
export { createMockApp, type MockApp, type MockAppOptions, type RecordedRequest } from './http/app/index.js';
export { checkSpecOption, SpecOptionError } from './http/app/served-spec.js';
export { parseFault, faultMatches, type Fault } from './http/faults/index.js';
export { PROFILE_IDS, isProfileId, getProfile, type Profile, type ProfileId } from './webui/profiles/index.js';
export { specVersion } from './webui/profiles/spec-version.js';
export { parseApiAuth } from './http/auth/index.js';
export {
  loadCassettes,
  writeCassette,
  CassetteError,
  findInteraction,
  type Cassette,
  type Interaction,
  type RequestMatcher,
  type RecordedResponse,
} from './recording/cassettes/index.js';
export { createRecorder, matcherBody, type RecorderOptions } from './recording/recorder/index.js';
export type { WebuiContext } from './webui/generation/context.js';
export {
  EXTENSION_IDS,
  DEFAULT_EXTENSIONS,
  parseExtensions,
  ExtensionsOptionError,
  ExtensionHost,
  type ExtensionId,
} from './webui/extensions/host/index.js';
