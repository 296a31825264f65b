import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createMockServer, createRecordingServer, isProfileId, parseApiAuth, parseExtensions, parseFault, PROFILE_IDS, type ExtensionId, type Fault } from '@sdwebui/mock';
import { parsePositiveInt, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

export interface MockCommandHooks {
  /** Resolves when a server command should stop; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface MockFlags {
  port: number;
  host: string;
  profile: string;
  spec?: string;
  recordings?: string;
  strict?: boolean;
  apiAuth?: string;
  stepMs: number;
  fault: string[];
  nowebui?: boolean;
  corsAllowOrigins?: string;
  extensions?: string;
}

export function registerMockCommands(program: Command, io: CliIo, hooks: MockCommandHooks = {}): void {
  program
    .command('mock')
    .description('run the mock webui, an offline stand-in for `webui --api`')
    .option('--port <n>', 'port to listen on (0 = any free port)', (value) => parsePositiveInt(value, '--port'), 7860)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--profile <name>', `webui release to behave like (${PROFILE_IDS.join(', ')})`, 'a1111-1.10')
    .option('--spec <file>', "serve this file at /openapi.json instead of the profile's spec")
    .option('--recordings <dir>', "replay the cassettes in DIR ('builtin': the ones made from real recordings)")
    .option('--strict', 'with --recordings: answer 501 for requests no cassette matches instead of emulating')
    .option('--api-auth <user:pass,...>', "require HTTP Basic credentials, like the webui's --api-auth")
    .option('--step-ms <n>', 'simulated milliseconds per sampling step', (value) => parsePositiveInt(value, '--step-ms'), 0)
    .option('--fault <ROUTE:key=value,...>', 'inject latency=MS, status=CODE, rate=0..1, drop=before-headers|mid-body (repeatable)', collect, [])
    .option('--nowebui', 'API-only mode: no /internal/* routes')
    .option('--cors-allow-origins <origins>', 'comma-separated origins browsers may call from (as the webui flag)')
    .option('--extensions <list>', "installed extensions to emulate: comma-separated (controlnet,adetailer) or 'none'")
    .action(async (flags: MockFlags) => {
      if (!isProfileId(flags.profile)) throw new UsageError(`--profile must be one of ${PROFILE_IDS.join(', ')}, got "${flags.profile}"`);
      const spec = flags.spec === undefined ? undefined : await readFile(flags.spec).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read --spec ${flags.spec}: ${error.code ?? error.message}`);
      });
      let faults: Fault[];
      let apiAuth;
      let extensions: ExtensionId[] | undefined;
      try {
        faults = flags.fault.map(parseFault);
        extensions = flags.extensions === undefined ? undefined : parseExtensions(flags.extensions);
        apiAuth = flags.apiAuth === undefined ? undefined : parseApiAuth(flags.apiAuth);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const server = await createMockServer({
        profile: flags.profile,
        port: flags.port,
        host: flags.host,
        stepMs: flags.stepMs,
        faults,
        strict: flags.strict === true,
        nowebui: flags.nowebui === true,
        logRequests: false,
        onConsole: (line) => io.err(line),
        ...(spec !== undefined ? { spec: new Uint8Array(spec) } : {}),
        ...(flags.recordings !== undefined ? { recordings: flags.recordings } : {}),
        ...(apiAuth !== undefined ? { apiAuth } : {}),
        ...(extensions !== undefined ? { extensions } : {}),
        ...(flags.corsAllowOrigins !== undefined ? { corsAllowOrigins: flags.corsAllowOrigins.split(',') } : {}),
      });
      io.out(`mock webui (${flags.profile}) listening on ${server.url} (Ctrl-C to stop)`);
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });

  program
    .command('record')
    .description('proxy a real webui and write every interaction as a cassette (credentials are never written)')
    .requiredOption('--target <url>', 'the webui to record, e.g. http://127.0.0.1:7860')
    .requiredOption('--out <dir>', 'folder for the cassettes')
    .option('--user <user:pass>', 'credentials to send upstream when the client sends none')
    .option('--port <n>', 'port for the proxy', (value) => parsePositiveInt(value, '--port'), 7861)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (flags: { target: string; out: string; user?: string; port: number; host: string }) => {
      if (!/^https?:\/\//.test(flags.target)) throw new UsageError(`--target must be an http(s) URL, got "${flags.target}"`);
      const server = await createRecordingServer({
        target: flags.target,
        outDir: flags.out,
        port: flags.port,
        host: flags.host,
        ...(flags.user !== undefined ? { user: flags.user } : {}),
        onRecorded: (path) => io.out(`recorded ${path}`),
        onError: (error) => io.err(`error: could not write a cassette: ${error instanceof Error ? error.message : String(error)}`),
      });
      io.out(`recording ${flags.target} through ${server.url} into ${flags.out} (Ctrl-C to stop)`);
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });
}
