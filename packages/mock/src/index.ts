export { createMockApp, type MockAppOptions, type RecordedRequest } from './app/index.js';
export { createMockServer, type MockServer, type MockServerOptions } from './server/index.js';
export { parseFault, faultMatches, type Fault } from './faults/index.js';
