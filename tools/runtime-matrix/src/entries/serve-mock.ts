/**
 * The mock on the runtime running this script, through the package entry that runtime resolves
 * (`bun`, `deno`, or Node's): `<runtime> dist/entries/serve-mock.js AUTH`. Prints
 * `LISTENING <url> <entry file URL>` once it answers, and stops when its standard input closes (the matrix ends it so).
 */
import { createMockServer } from '@sdwebui/mock';

const [auth] = process.argv.slice(2);
if (!auth) throw new Error('usage: serve-mock.js AUTH');
const mock = await createMockServer({ stepMs: 10, apiAuth: auth, logRequests: false });
// Which of the package's entries this runtime chose (its `exports` condition): the matrix checks it.
console.log(`LISTENING ${mock.url} ${import.meta.resolve('@sdwebui/mock')}`);
process.stdin.resume();
// Deno's process.stdin signals 'end' and not always 'close': either stops the mock.
const stop = () => {
  void mock.close().then(() => process.exit(0));
};
process.stdin.once('end', stop).once('close', stop);
