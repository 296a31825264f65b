/**
 * The subset as a script for Node, Bun and Deno: `<runtime> dist/entries/cli.js BASE_URL AUTH DIGEST`.
 * Prints one line, `RESULT <json of CheckResult[]>`, and exits 0 whether checks passed or not: the
 * matrix reads the line (a missing line is the runtime failing to run the script at all).
 */
import * as sdk from '@sdwebui/client';
import { runSubset } from '../subset/index.js';

const [baseUrl, auth, referenceDigest] = process.argv.slice(2);
if (!baseUrl || !auth || !referenceDigest) throw new Error('usage: cli.js BASE_URL AUTH DIGEST');
const results = await runSubset(sdk, { baseUrl, auth, referenceDigest });
console.log(`RESULT ${JSON.stringify(results)}`);
