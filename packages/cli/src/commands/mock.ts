import type { Command } from 'commander';
import type { ExtensionId, Fault } from '@sdwebui/mock';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collect, wholeNumber } from '../flag-values/index.js';
import { readInputFile } from '../input-files/index.js';
import { webuiAddress } from '../webui-session.js';
import { loadOptionalPeer } from '../optional-peers/index.js';

const portFlag = (value: string) => wholeNumber(value, '--port', { min: 0, max: 65_535 });
const stepMsFlag = (value: string) => wholeNumber(value, '--step-ms', { min: 0, max: 600_000 });
/** `--rate-limit off` or requests per minute per client and path (SD.Next's `server_rate_limit`). */
const rateLimitFlag = (value: string): number | false =>
  value === 'off' ? false : wholeNumber(value, '--rate-limit', { min: 0, max: 1_000_000 });

/** Resolves on the first SIGINT or SIGTERM: how a server command (mock, record, worker) is stopped. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

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
  rateLimit?: number | false;
  openapiError?: boolean;
}

interface RecordFlags {
  target: string;
  out: string;
  auth?: string;
  port: number;
  host: string;
  allowHost: string[];
}

/** A name `--allow-host` takes: a host name or an IP address (IPv6 in brackets), without port or scheme. */
function allowedHostFlag(value: string): string {
  const name = value.trim();
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/.test(name))
    throw new UsageError(`--allow-host takes host names or addresses without a port, got ${JSON.stringify(value)}`);
  return name;
}

export function registerMockCommands(program: Command, { io, env, hooks }: CliContext): void {
  program
    .command('mock')
    .description('run the mock webui, an offline stand-in for `webui --api`')
    .option('--port <n>', 'port to listen on (0 = any free port)', portFlag, 7860)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--profile <name>',
      'webui release to behave like: a1111-1.10, a1111-1.7, a1111-1.4, forge-2 or sdnext (see @sdwebui/mock)',
      'a1111-1.10',
    )
    .option('--spec <file>', "serve this file at /openapi.json instead of the profile's spec")
    .option('--recordings <dir>', "replay the cassettes in DIR ('builtin': the ones made from real recordings)")
    .option('--strict', 'with --recordings: answer 501 for requests no cassette matches instead of emulating')
    .option('--api-auth <user:pass,...>', "require HTTP Basic credentials, like the webui's --api-auth")
    .option('--step-ms <n>', 'simulated milliseconds per sampling step', stepMsFlag, 0)
    .option(
      '--fault <ROUTE:key=value,...>',
      'inject latency=MS, status=CODE, rate=0..1, drop=before-headers|mid-body (repeatable)',
      collect,
      [],
    )
    .option('--nowebui', 'API-only mode: no /internal/* routes')
    .option('--cors-allow-origins <origins>', 'comma-separated origins browsers may call from (as the webui flag)')
    .option('--extensions <list>', "installed extensions to emulate: comma-separated (controlnet,adetailer) or 'none'")
    .option(
      '--rate-limit <n|off>',
      "sdnext: SD.Next's rate limit, requests per minute per client and path (default 300; generations cost 5)",
      rateLimitFlag,
    )
    .option(
      '--openapi-error',
      'sdnext: answer /openapi.json with the 500 SD.Next 058a7f0 gives instead of its document',
    )
    .action(async (flags: MockFlags) => {
      const { checkSpecOption, createMockServer, isProfileId, parseApiAuth, parseExtensions, parseFault, PROFILE_IDS } =
        await loadOptionalPeer('@sdwebui/mock', () => import('@sdwebui/mock'));
      if (!isProfileId(flags.profile))
        throw new UsageError(`--profile must be one of ${PROFILE_IDS.join(', ')}, got "${flags.profile}"`);
      if (flags.profile !== 'sdnext' && (flags.rateLimit !== undefined || flags.openapiError)) {
        throw new UsageError(
          `${flags.rateLimit !== undefined ? '--rate-limit' : '--openapi-error'} is for --profile sdnext`,
        );
      }
      const spec = flags.spec === undefined ? undefined : await readInputFile(flags.spec, '--spec');
      let faults: Fault[];
      let apiAuth: ReturnType<typeof parseApiAuth> | undefined;
      let extensions: ExtensionId[] | undefined;
      try {
        if (spec !== undefined) checkSpecOption(spec);
        faults = flags.fault.map(parseFault);
        extensions = flags.extensions === undefined ? undefined : parseExtensions(flags.extensions);
        apiAuth = flags.apiAuth === undefined ? undefined : parseApiAuth(flags.apiAuth);
      } catch (error) {
        const message = (error as Error).message;
        throw new UsageError(
          error instanceof Error && error.name === 'SpecOptionError' ? `--spec ${flags.spec}: ${message}` : message,
        );
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
        ...(spec !== undefined ? { spec } : {}),
        ...(flags.recordings !== undefined ? { recordings: flags.recordings } : {}),
        ...(apiAuth !== undefined ? { apiAuth } : {}),
        ...(extensions !== undefined ? { extensions } : {}),
        ...(flags.corsAllowOrigins !== undefined ? { corsAllowOrigins: flags.corsAllowOrigins.split(',') } : {}),
        ...(flags.rateLimit !== undefined ? { rateLimit: flags.rateLimit } : {}),
        ...(flags.openapiError ? { openapiError: true } : {}),
      });
      // With --spec, say which release that file belongs to (never the profile's unless it is that profile's spec).
      const served =
        flags.spec === undefined
          ? ''
          : `, --spec ${flags.spec}: ${server.state.specVersion ?? 'unknown webui version'}`;
      io.out(`mock webui (${flags.profile}${served}) listening on ${server.url} (Ctrl-C to stop)`);
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });

  program
    .command('record')
    .description('proxy a real webui and write every interaction as a cassette (credentials are never written)')
    .requiredOption('--target <url>', 'the webui to record, e.g. http://127.0.0.1:7860')
    .requiredOption('--out <dir>', 'folder for the cassettes')
    .option('--auth <user:pass>', 'credentials to send upstream when the client sends none (default: $SDWEBUI_AUTH)')
    .option('--port <n>', 'port for the proxy', portFlag, 7861)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--allow-host <names>',
      'host names to answer to besides localhost, 127.0.0.1, [::1] and the bound address (comma-separated, repeatable)',
      collect,
      [],
    )
    .action(async (flags: RecordFlags) => {
      const { url: target, auth } = webuiAddress(
        { url: flags.target, ...(flags.auth !== undefined ? { auth: flags.auth } : {}) },
        { SDWEBUI_AUTH: env.SDWEBUI_AUTH },
        '--target',
      );
      const { createRecordingServer } = await loadOptionalPeer('@sdwebui/mock', () => import('@sdwebui/mock'));
      const server = await createRecordingServer({
        target,
        outDir: flags.out,
        port: flags.port,
        host: flags.host,
        ...(auth !== undefined ? { user: auth } : {}),
        allowedHosts: flags.allowHost.flatMap((names) => names.split(',')).map(allowedHostFlag),
        onRecorded: (path) => io.out(`recorded ${path}`),
        onSkipped: (reason) => io.err(`not recorded: ${reason}`),
        onError: (error) =>
          io.err(`error: could not write a cassette: ${error instanceof Error ? error.message : String(error)}`),
      });
      io.out(`recording ${target} through ${server.url} into ${flags.out} (Ctrl-C to stop)`);
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });
}
