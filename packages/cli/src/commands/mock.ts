import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createMockServer } from '@sdwebui/mock';
import { parsePositiveInt, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

export interface MockCommandHooks {
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export function registerMockCommand(program: Command, io: CliIo, hooks: MockCommandHooks = {}): void {
  program
    .command('mock')
    .description('run the mock webui (an offline stand-in for `webui --api`)')
    .option('--port <n>', 'port to listen on (0 = any free port)', (value) => parsePositiveInt(value, '--port'), 7860)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .requiredOption('--spec <file>', 'OpenAPI document to serve at /openapi.json')
    .action(async (flags: { port: number; host: string; spec: string }) => {
      const spec = await readFile(flags.spec).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read --spec ${flags.spec}: ${error.code ?? error.message}`);
      });
      const server = await createMockServer({ spec: new Uint8Array(spec), port: flags.port, host: flags.host });
      io.out(`mock webui listening on ${server.url} (Ctrl-C to stop)`);
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });
}
