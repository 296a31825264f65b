import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LintResult } from '../lint.js';
import { run } from '../run.js';
import { NEW_USER_SCRIPT } from './script.js';

/**
 * Tries the installed tarballs as a new user would (issue #24's "done when"): X/Y/Z plot by label
 * generates its grid through the SDK and the CLI, and every misspelt name exits 2 with suggestions.
 * `dir` is the folder `checkConsumer` installed them into.
 */
export async function checkNewUser(dir: string): Promise<LintResult> {
  await writeFile(join(dir, 'new-user.mjs'), NEW_USER_SCRIPT);
  const result = await run(process.execPath, ['new-user.mjs', join(dir, 'node_modules/@sdwebui/cli/bin/sdwebui.js')], {
    cwd: dir,
  });
  const ok = result.code === 0 && result.output.includes('new user ok');
  return { ok, problems: ok ? [] : [`a new user's first tries failed:\n${result.output}`] };
}
