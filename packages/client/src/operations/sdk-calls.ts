// Apart from the table so that bundles which only create a client (and never diff specs) leave it out.
import { SDNEXT_OPERATIONS } from '../forks/sdnext/index.js';
import { OPERATIONS, type OperationDeclaration } from './index.js';

/**
 * Which SDK calls use which webui operation of the A1111 spec (and of SD.Next's, which has
 * routes of its own), so a spec change can be reported in terms users know ("txt2img is affected").
 * Derived from `OPERATIONS` and `SDNEXT_OPERATIONS`.
 */
export const SDK_CALLS_BY_OPERATION: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries({ ...OPERATIONS, ...SDNEXT_OPERATIONS } as Record<string, OperationDeclaration>)
    .filter(([, declaration]) => declaration.inSpec !== false)
    .map(([key, declaration]) => [key, declaration.usedBy]),
);

/** The SDK calls a set of changed operations affect, sorted; operations only `client.raw` reaches map to `raw`. */
export function affectedSdkCalls(operations: Iterable<string>): string[] {
  const calls = new Set<string>();
  for (const operation of operations) {
    for (const call of SDK_CALLS_BY_OPERATION[operation] ?? ['raw']) calls.add(call);
  }
  return [...calls].sort();
}
