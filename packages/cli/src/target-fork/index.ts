import type { CliIo } from '../io.js';
import { UsageError } from '../errors.js';
import { printable } from '../terminal-text/index.js';

export interface TargetForkCheck {
  /** The target folder about to be overwritten, e.g. `spec/a1111-1.10`. */
  targetDir: string;
  /** The fork its `target.json` declares; nothing to check without one. */
  declared: string | undefined;
  /** The webui being pulled (a base URL, or its `/openapi.json`), and its credentials. */
  url: string;
  auth?: string;
  /** `--force`: overwrite a target of another fork, saying so. */
  force: boolean;
  timeoutMs: number;
  io: CliIo;
}

/**
 * Before `spec pull` or `spec update` overwrites a target, the server must be the fork the target
 * declares: an A1111 target pulled from Forge would silently become a Forge one (its diff, its
 * changeset, the client's types). The SDK's `detect()` tells the server apart (version string,
 * routes). A server that does not say what it is only gets a warning: it cannot be told wrong.
 */
export async function checkTargetFork(check: TargetForkCheck): Promise<void> {
  if (check.declared === undefined) return;
  const { createWebuiClient } = await import('@sdwebui/client');
  const baseUrl = check.url.replace(/\/openapi\.json$/, '');
  const client = createWebuiClient({ baseUrl, ...(check.auth !== undefined ? { auth: check.auth } : {}) });
  const { fork, version } = await client.detect({ timeoutMs: check.timeoutMs });
  if (fork === check.declared) return;
  const server = `${baseUrl} is ${fork === 'unknown' ? 'a server that does not say which webui it is' : fork}${
    version === null ? '' : ` (${printable(version).slice(0, 80)})`
  }`;
  const declared = `${check.targetDir} types ${check.declared} (its target.json)`;
  if (fork === 'unknown') {
    check.io.err(`warning: ${declared}; ${server}: pulling it as asked`);
    return;
  }
  if (check.force) {
    check.io.err(`warning: ${declared}, but ${server}: overwriting it (--force)`);
    return;
  }
  throw new UsageError(
    `${declared}, but ${server}: nothing was written. Pull it into a target of its own (--out spec/<name>, with a target.json naming "${fork}"), or pass --force to overwrite ${check.targetDir}`,
  );
}
