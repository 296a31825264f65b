import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CliContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { wholeNumber } from '../flag-values/index.js';
import { printableJson } from '../terminal-text/index.js';
import { readInputFile } from '../input-files/index.js';
import { webuiAddress } from '../webui-session.js';
import { loadOptionalPeer } from '../optional-peers/index.js';

// The spec tooling (TypeScript, openapi-typescript, Redocly) loads only when a spec command runs.
const specTooling = () => loadOptionalPeer('@sdwebui/spec', () => import('@sdwebui/spec'));

/** `--url` (else SDWEBUI_URL) and its credentials or `--auth` (else SDWEBUI_AUTH): see `webuiAddress`. */
function pullAddress(flags: { url?: string; auth?: string }, env: CliContext['env']): { url: string; user?: string } {
  if (flags.url === undefined && env.SDWEBUI_URL === undefined) {
    throw new UsageError('which webui? pass --url http://host:7860 or set SDWEBUI_URL');
  }
  const { url, auth } = webuiAddress(flags, env);
  return { url, ...(auth !== undefined ? { user: auth } : {}) };
}

/** A file as given, or, for a bare target name that is no file, `<specDir>/<name>/openapi.json`. */
async function specDocumentPath(path: string, specDir: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(path) || (await isFile(path))) return path;
  return join(specDir, path, 'openapi.json');
}

const isFile = (path: string) =>
  stat(path).then(
    (info) => info.isFile(),
    () => false,
  );

const timeoutFlag = (value: string) => wholeNumber(value, '--timeout', { min: 1, max: 3_600_000 });

interface PipelineFlags {
  specDir: string;
  outDir: string;
  target?: string[];
}

/** Before a pull overwrites `targetDir`: the server must be the fork its target.json declares (or --force). */
async function refuseOtherFork(
  targetDir: string,
  { url, user }: { url: string; user?: string },
  { force, timeoutMs }: { force: boolean | undefined; timeoutMs: number },
  io: CliContext['io'],
): Promise<void> {
  const { readTargetDeclaration } = await specTooling();
  const { checkTargetFork } = await import('../target-fork/index.js');
  const { fork } = await readTargetDeclaration(targetDir);
  await checkTargetFork({
    targetDir,
    declared: fork,
    url,
    ...(user ? { auth: user } : {}),
    force: force === true,
    timeoutMs,
    io,
  });
}

interface UpdateFlags extends Omit<PipelineFlags, 'target'> {
  url?: string;
  target: string;
  auth?: string;
  changesetDir: string;
  force?: boolean;
}

function pipelineOptions(flags: PipelineFlags) {
  return { specDir: flags.specDir, outDir: flags.outDir, ...(flags.target ? { targets: flags.target } : {}) };
}

export function registerSpecCommands(program: Command, { io, env }: CliContext): void {
  const spec = program.command('spec').description('pull, normalize, generate and diff the webui OpenAPI spec');

  spec
    .command('pull')
    .description("download a webui's /openapi.json into a spec target (atomically)")
    .option('--url <url>', 'webui base URL, e.g. http://127.0.0.1:7860 (default: $SDWEBUI_URL)')
    .requiredOption('--out <dir>', 'target folder, e.g. spec/a1111-1.10')
    .option('--auth <user:pass>', 'credentials for a webui started with --api-auth (default: $SDWEBUI_AUTH)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', timeoutFlag, 30_000)
    .option('--force', "overwrite a target whose target.json declares another fork than the server's")
    .action(async (flags: { url?: string; out: string; auth?: string; timeout: number; force?: boolean }) => {
      const { formatDroppedPaths, pullSpec } = await specTooling();
      const address = pullAddress(flags, env);
      await refuseOtherFork(flags.out, address, { force: flags.force, timeoutMs: flags.timeout }, io);
      const result = await pullSpec({ ...address, outDir: flags.out, timeoutMs: flags.timeout });
      const { meta, routes } = result;
      io.out(
        `pulled ${meta.bytes} bytes from ${meta.sourceUrl} (sha256 ${meta.sha256.slice(0, 12)}…, webui ${meta.webuiVersion ?? 'version unknown'}) into ${result.rawPath}`,
      );
      const extensions = Object.keys(routes.extensions).length;
      io.out(
        `OpenAPI ${meta.openapi}${meta.framework ? ` (${meta.framework})` : ''}: ${routes.core} core paths, ` +
          `${extensions} extension${extensions === 1 ? '' : 's'}; ${formatDroppedPaths(routes.dropped)}`,
      );
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
    });

  const pipelineCommand = (name: string, description: string) =>
    spec
      .command(name)
      .description(description)
      .option('--spec-dir <dir>', 'folder holding the targets and overlays/', 'spec')
      .option('--out-dir <dir>', 'folder for generated TypeScript', 'packages/client/src/generated')
      .option('--target <name...>', 'only these targets (default: every folder with openapi.raw.json)');

  pipelineCommand('normalize', 'write openapi.json and extensions/*.json for each target').action(
    async (flags: PipelineFlags) => {
      const { formatDroppedPaths, runPipeline, writePipelineOutputs } = await specTooling();
      const result = await runPipeline(pipelineOptions(flags));
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      for (const path of [...result.files.keys()]) if (!path.endsWith('.json')) result.files.delete(path);
      await writePipelineOutputs(result);
      for (const [target, report] of Object.entries(result.reports)) {
        io.out(
          `${target}: ${report.corePaths} core paths, ${Object.keys(report.extensionPaths).length} extensions, ${report.removedMachineDefaults.length} machine defaults removed, ${report.overlaysApplied.length} overlay entries; ${formatDroppedPaths(report.droppedPaths)}`,
        );
      }
    },
  );

  pipelineCommand('gen', 'normalize each target and generate its client types')
    .option('--check', 'write nothing; fail if any committed file differs from a fresh run')
    .action(async (flags: PipelineFlags & { check?: boolean }) => {
      const started = performance.now();
      const { formatDroppedPaths, runPipeline, stalePipelineOutputs, writePipelineOutputs } = await specTooling();
      const result = await runPipeline(pipelineOptions(flags));
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      if (flags.check) {
        const stale = await stalePipelineOutputs(result);
        if (stale.length > 0) {
          io.err(
            `out of date (run \`pnpm spec:gen\` and commit):\n${stale.map((path) => `  ${relative(process.cwd(), path)}`).join('\n')}`,
          );
          throw new ExitCode(1);
        }
        io.out(`${result.files.size} generated files are up to date (${Object.keys(result.reports).join(', ')})`);
        return;
      }
      await writePipelineOutputs(result);
      io.out(
        `wrote ${result.files.size} files for ${Object.keys(result.reports).join(', ')} in ${Math.round(performance.now() - started)} ms`,
      );
      for (const [target, report] of Object.entries(result.reports))
        io.out(
          `${target} (OpenAPI ${report.openapi}): ${report.corePaths} core paths; ${formatDroppedPaths(report.droppedPaths)}`,
        );
    });

  spec
    .command('update')
    .description(
      'the "webui updated" workflow: pull, normalize, generate, diff against the committed spec, write a changeset',
    )
    .option('--url <url>', 'the updated webui (default: $SDWEBUI_URL)')
    .requiredOption('--target <name>', 'the spec target to update, e.g. a1111-1.10')
    .option('--auth <user:pass>', 'credentials for a webui started with --api-auth (default: $SDWEBUI_AUTH)')
    .option('--spec-dir <dir>', 'folder holding the targets and overlays/', 'spec')
    .option('--out-dir <dir>', 'folder for generated TypeScript', 'packages/client/src/generated')
    .option('--changeset-dir <dir>', 'where changesets go', '.changeset')
    .option('--force', "update a target whose target.json declares another fork than the server's")
    .action(async (flags: UpdateFlags) => {
      const address = pullAddress(flags, env);
      const {
        diffSpecs,
        formatDroppedPaths,
        formatSpecDiff,
        pullSpec,
        readSpecFile,
        runPipeline,
        specUpdateChangeset,
        writeFilesAtomically,
        writePipelineOutputs,
      } = await specTooling();
      const targetDir = join(flags.specDir, flags.target);
      await refuseOtherFork(targetDir, address, { force: flags.force, timeoutMs: 30_000 }, io);
      const corePath = join(targetDir, 'openapi.json');
      const before = await readSpecFile(corePath).catch(() => undefined);
      const { meta, routes } = await pullSpec({ ...address, outDir: targetDir });
      const result = await runPipeline({ specDir: flags.specDir, outDir: flags.outDir, targets: [flags.target] });
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      await writePipelineOutputs(result);
      io.out(
        `pulled ${meta.sourceUrl} (webui ${meta.webuiVersion ?? 'version unknown'}) and regenerated ${result.files.size} files for ${flags.target}`,
      );
      io.out(`OpenAPI ${meta.openapi}: ${routes.core} core paths; ${formatDroppedPaths(routes.dropped)}`);
      if (before === undefined) {
        io.out(`${flags.target} is new: nothing to compare, no changeset written`);
        return;
      }
      const diff = diffSpecs(before, await readSpecFile(corePath));
      io.out(formatSpecDiff(diff).trimEnd());
      if (diff.bump === 'none') return;
      const { affectedSdkCalls } = await import('@sdwebui/client');
      const affected = affectedSdkCalls(new Set(diff.changes.map((change) => change.operation)));
      io.out(`\naffected SDK calls: ${affected.join(', ')}`);
      const path = join(
        flags.changesetDir,
        `spec-update-${flags.target.replace(/\./g, '-')}-${randomBytes(3).toString('hex')}.md`,
      );
      const text = specUpdateChangeset(diff, {
        packages: ['@sdwebui/client'],
        target: flags.target,
        source: meta.sourceUrl,
        affectedCalls: affected,
      });
      await writeFilesAtomically([{ path, content: text }]);
      io.out(
        `wrote ${path} (${diff.bump} bump for @sdwebui/client): review it, then commit it with the regenerated files`,
      );
    });

  spec
    .command('diff')
    .description('classify the changes between two normalized specs (breaking / feature / fix)')
    .argument('<old>', 'older openapi.json, or a target name (a1111-1.10)')
    .argument('<new>', 'newer openapi.json, or a target name (forge-2)')
    .option('--spec-dir <dir>', 'where target names are looked up', 'spec')
    .option('--json', 'print the diff as JSON')
    .action(async (oldPath: string, newPath: string, flags: { json?: boolean; specDir: string }) => {
      const { diffSpecs, formatSpecDiff, readSpecFile } = await specTooling();
      const [before, after] = await Promise.all(
        [oldPath, newPath].map((path) => specDocumentPath(path, flags.specDir)),
      );
      // A path that is missing, a folder or not an OpenAPI document is what the person typed: exit 2.
      const read = async (path: string, what: string) => {
        await readInputFile(path, what);
        try {
          return await readSpecFile(path);
        } catch (error) {
          throw new UsageError(`${what} ${path} is not an OpenAPI document: ${(error as Error).message.slice(0, 200)}`);
        }
      };
      const diff = diffSpecs(await read(before as string, 'OLD'), await read(after as string, 'NEW'));
      io.out(flags.json ? printableJson(diff, 2) : formatSpecDiff(diff).trimEnd());
    });
}
