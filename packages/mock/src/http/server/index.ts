import { BUILTIN_CASSETTES } from './builtin.js';
import { serversOn } from './create.js';
import { listenNode } from './listen/node.js';

export type { CreateMockServer, MockServer, MockServerOptions, RecordingServer } from './create.js';
export type { ListenOptions } from './listen/types.js';

export { BROWSER_MOCK_WORKER, BUILTIN_CASSETTES } from './builtin.js';

const node = serversOn(listenNode, BUILTIN_CASSETTES);

/**
 * Starts the mock webui on a real socket (for CLIs, browsers, other processes and test suites). With a
 * literal `profile: 'sdnext'` its `state` is typed as SD.Next's context; with a profile known only at run
 * time it is typed as the A1111 family's, so check the profile before reading SD.Next's state. On Node
 * this is Node's `http` server; the package's `bun` and `deno` entries start their runtime's own.
 */
export const createMockServer = node.createMockServer;

/** Starts the recording proxy (`sdwebui record`), first removing temporary files a killed recorder left in `outDir`. */
export const createRecordingServer = node.createRecordingServer;
