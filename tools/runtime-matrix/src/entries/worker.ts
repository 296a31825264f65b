/**
 * The subset as a Cloudflare Worker (bundled by esbuild with the `workerd` condition, no
 * `nodejs_compat`): `GET /?baseUrl=…&auth=…&digest=…` runs it against the mock over loopback and
 * answers the `CheckResult[]` as JSON.
 */
import * as sdk from '@sdwebui/client';
import { runSubset } from '../subset/index.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const query = new URL(request.url).searchParams;
    const results = await runSubset(sdk, {
      baseUrl: query.get('baseUrl') ?? '',
      auth: query.get('auth') ?? '',
      referenceDigest: query.get('digest') ?? '',
    });
    return Response.json(results);
  },
};
