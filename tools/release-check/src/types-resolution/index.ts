import { fileURLToPath } from 'node:url';
import { run } from '../run.js';

/** The four ways TypeScript (and attw) resolve a package: `nodenext` behaves as `node16` here. */
export const RESOLUTIONS = ['node10', 'node16-cjs', 'node16-esm', 'bundler'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface TypesResolution {
  /** Problem kinds per resolution, over every entry point (`[]` = resolves cleanly). */
  byResolution: Record<Resolution, string[]>;
  /** One line per problem, naming the entry point, the resolution and attw's explanation page. */
  problems: string[];
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

const attwCli = fileURLToPath(new URL('../../node_modules/@arethetypeswrong/cli/dist/index.js', import.meta.url));
const docs = (kind: string) =>
  `https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${kind}.md`;

/**
 * "Are the types wrong" with its default (strictest) profile: every entry point must resolve, to
 * types that match the JavaScript's module format, under node10, node16 from CommonJS, node16
 * from ESM and bundler. No rule is ignored.
 */
export async function checkTypesResolution(tarball: string): Promise<TypesResolution> {
  const result = await run(process.execPath, [attwCli, tarball, '--format', 'json']);
  const byResolution = Object.fromEntries(RESOLUTIONS.map((name) => [name, [] as string[]])) as Record<
    Resolution,
    string[]
  >;
  let reported: AttwProblem[];
  try {
    const json = result.output.slice(result.output.indexOf('{'));
    reported = (JSON.parse(json) as { analysis: { problems: AttwProblem[] } }).analysis.problems;
  } catch {
    return { byResolution, problems: [`attw did not answer in JSON (exit ${result.code}):\n${result.output.trim()}`] };
  }
  const problems: string[] = [];
  for (const problem of reported) {
    const resolution = problem.resolutionKind as Resolution | undefined;
    if (resolution !== undefined && resolution in byResolution) byResolution[resolution].push(problem.kind);
    const where = `${problem.entrypoint ?? 'the package'}${resolution ? ` under ${resolution}` : ''}`;
    problems.push(`attw: "${where}": ${problem.kind} (${docs(problem.kind)})`);
  }
  if (result.code !== 0 && problems.length === 0) problems.push(`attw exited ${result.code}:\n${result.output.trim()}`);
  return { byResolution, problems };
}

/** `node10 ✓  node16-cjs ✓  node16-esm ✗ (FalseCJS)  bundler ✓`: the line `release:check` prints. */
export function formatTypesResolution({ byResolution }: TypesResolution): string {
  return RESOLUTIONS.map((name) => {
    const kinds = [...new Set(byResolution[name])];
    return kinds.length === 0 ? `${name} ✓` : `${name} ✗ (${kinds.join(', ')})`;
  }).join('  ');
}
