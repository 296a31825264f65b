import { BUILTIN_CASSETTES } from './builtin.js';
import { serversOn } from './create.js';
import { listenDeno } from './listen/deno.js';

const deno = serversOn(listenDeno, BUILTIN_CASSETTES);

/** `createMockServer` of the package's `deno` entry: the same mock on Deno's own server (`Deno.serve`). */
export const createMockServer = deno.createMockServer;

/** `createRecordingServer` of the package's `deno` entry, on Deno's own server (`Deno.serve`). */
export const createRecordingServer = deno.createRecordingServer;
