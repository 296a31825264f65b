/** The code of a Markdown text: fenced blocks and inline code spans, in order. */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  const prose = markdown.replace(/^```\w*\n[\s\S]*?^```$/gm, '');
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
  return [...fenced, ...inline];
}

/**
 * The pnpm commands in a Markdown text that a reader without pnpm cannot run as written: every one
 * must be `npx -y pnpm@<version> …`, the version of the root `packageManager`.
 */
export function barePnpmCommands(markdown: string, version: string): string[] {
  const wrong: string[] = [];
  for (const code of codeOf(markdown)) {
    for (const line of code.split('\n')) {
      for (const match of line.matchAll(/(npx -y )?\bpnpm(@[\w.-]+)?(?= |$)/g)) {
        if (match[1] === undefined || match[2] !== `@${version}`) wrong.push(line.trim());
      }
    }
  }
  return [...new Set(wrong)];
}
