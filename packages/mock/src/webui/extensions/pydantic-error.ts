import type { ValidationIssue } from '../../fastapi/errors/index.js';

/** `str(ValidationError)` of pydantic v1, as extensions print it to the console. */
export function pydanticErrorText(model: string, issues: readonly ValidationIssue[]): string {
  const lines = [`${issues.length} validation error${issues.length === 1 ? '' : 's'} for ${model}`];
  for (const issue of issues) {
    const context = issue.ctx
      ? Object.entries(issue.ctx)
          .map(([key, value]) => `; ${key}=${String(value)}`)
          .join('')
      : '';
    lines.push(issue.loc.join(' -> '), `  ${issue.msg} (type=${issue.type}${context})`);
  }
  return lines.join('\n');
}
