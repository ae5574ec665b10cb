// @ts-check
/**
 * @module cli/lib/errors
 * What the CLI reports when something goes wrong: usage mistakes, and the SDK's FrameshotError
 * (the API's error envelope, a failed job, a server that cannot be reached) with its reason,
 * details and request id — each with its exit code (2 for the caller's mistakes and 4xx answers,
 * 1 for everything else).
 */
import { FrameshotError } from '@frameshot/sdk';

export class CliError extends Error {
  /**
   * @param {string} message
   * @param {{ exitCode?: number, details?: string[] }} [options]
   */
  constructor(message, { exitCode = 1, details = [] } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    /** Extra lines printed under the message. */
    this.details = details;
  }
}

/** A mistake on the command line: exit 2 with a pointer to the help. */
export class UsageError extends CliError {
  /** @param {string} message @param {string} [command] */
  constructor(message, command) {
    super(message, { exitCode: 2, details: [`Run: frameshot ${command ? `${command} ` : ''}--help`] });
    this.name = 'UsageError';
  }
}

/** @param {number} status */
export const exitCodeForStatus = (status) => (status >= 400 && status < 500 ? 2 : 1);

/**
 * The exit status for a failure: the error's own, 2 for an answer or job refused as the caller's
 * mistake (4xx), 1 for anything else.
 * @param {unknown} err
 */
export function exitCodeOf(err) {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof FrameshotError && err.status !== undefined) return exitCodeForStatus(err.status);
  return 1;
}

/**
 * The lines under an API error's message: the reason, each `details` entry, the request id.
 * @param {FrameshotError} err
 */
function apiDetails(err) {
  const lines = (err.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : `${d.message}`));
  if (err.reason && !err.message.includes(err.reason)) lines.unshift(`reason: ${err.reason}`);
  if (err.code === 'network_error') {
    lines.push('Is the server running? Point the CLI at it with FRAMESHOT_BASE_URL or --base-url.');
  }
  if (err.requestId) lines.push(`request id: ${err.requestId}`);
  return lines;
}

/**
 * The lines printed to stderr for a failure.
 * @param {unknown} err
 * @param {boolean} [debug] print stacks of unexpected errors
 * @returns {string[]}
 */
export function describeError(err, debug = false) {
  if (err instanceof CliError) return [`frameshot: ${err.message}`, ...err.details.map((d) => `  ${d}`)];
  if (err instanceof FrameshotError)
    return [`frameshot: ${err.message}`, ...apiDetails(err).map((d) => `  ${d}`)];
  const e = /** @type {Error} */ (err);
  return [`frameshot: ${e?.message ?? String(err)}`, ...(debug && e?.stack ? [e.stack] : [])];
}
