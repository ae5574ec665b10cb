/**
 * @module schemas/validate
 * valibot issues → one 400 `invalid_params` whose message names the field and whose `details`
 * list every problem.
 */
import * as v from 'valibot';
import { InvalidParams, type IssueDetail } from '../errors.ts';

const REQUIRED_HINTS: Record<string, string> = {
  url: 'Missing url. Provide the page to capture, e.g. "url": "https://example.com"',
};

function describe(issue: v.BaseIssue<unknown>): IssueDetail {
  const path = v.getDotPath(issue) ?? '';
  const missing = issue.kind === 'schema' && issue.input === undefined && issue.received === 'undefined';
  if (missing) {
    return { path, message: REQUIRED_HINTS[path] ?? `Missing ${path}. This field is required.` };
  }
  if (issue.type === 'object' && !path) return { path, message: 'The body must be a JSON object' };
  return { path, message: issue.message };
}

/** Flattens union sub-issues so the most specific message reaches the user. */
function leafIssues(issues: readonly v.BaseIssue<unknown>[]): v.BaseIssue<unknown>[] {
  return issues.flatMap((i) =>
    i.type === 'union' && i.issues?.length && !i.message.startsWith('Invalid ') ? leafIssues(i.issues) : [i],
  );
}

export function validate<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const details = leafIssues(result.issues).map(describe);
  const first = details[0]!;
  const more =
    details.length > 1
      ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''}: see details)`
      : '';
  throw new InvalidParams(`${first.message}${more}`, details);
}
