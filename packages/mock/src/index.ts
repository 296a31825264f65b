export { createMockApp, type MockApp, type MockAppOptions, type RecordedRequest } from './app/index.js';
export {
  createMockServer,
  createRecordingServer,
  BUILTIN_CASSETTES,
  type MockServer,
  type MockServerOptions,
  type RecordingServer,
  type ListenOptions,
} from './server/index.js';
export { parseFault, faultMatches, type Fault } from './faults/index.js';
export { PROFILE_IDS, isProfileId, getProfile, type Profile, type ProfileId } from './profiles/index.js';
export { parseApiAuth } from './auth/index.js';
export {
  loadCassettes,
  writeCassette,
  CassetteError,
  findInteraction,
  type Cassette,
  type Interaction,
  type RequestMatcher,
  type RecordedResponse,
} from './cassettes/index.js';
export { createRecorder, matcherBody, type RecorderOptions } from './recorder/index.js';
export type { WebuiContext } from './generation/context.js';
