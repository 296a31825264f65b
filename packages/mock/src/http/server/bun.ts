import { BUILTIN_CASSETTES } from './builtin.js';
import { serversOn } from './create.js';
import { listenBun } from './listen/bun.js';

const bun = serversOn(listenBun, BUILTIN_CASSETTES);

/** `createMockServer` of the package's `bun` entry: the same mock on Bun's own server (`Bun.serve`). */
export const createMockServer = bun.createMockServer;

/** `createRecordingServer` of the package's `bun` entry, on Bun's own server (`Bun.serve`). */
export const createRecordingServer = bun.createRecordingServer;
