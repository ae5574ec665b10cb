// @ts-check
/**
 * @module cli/lib/errors
 * What the CLI reports when something goes wrong: usage mistakes, the API's error envelope
 * (contract §1), a failed job, or a server that cannot be reached — each with its exit code
 * (2 for the caller's mistakes and 4xx answers, 1 for everything else).
 */

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

/** HTTP status of each envelope code (contract §1), so a failed job exits like the request would. */
const STATUS_OF_CODE = /** @type {Record<string, number>} */ ({
  invalid_params: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden_scope: 403,
  not_found: 404,
  idempotency_conflict: 409,
  payload_too_large: 413,
  capture_failed: 422,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
});

/** @param {number} status */
export const exitCodeForStatus = (status) => (status >= 400 && status < 500 ? 2 : 1);

/**
 * @typedef {{ code?: string, message?: string, reason?: string,
 *   details?: Array<{ path?: string, message?: string }> }} ErrorBody
 */

/** An error envelope from the API, or a job's `error`. */
export class ApiError extends CliError {
  /**
   * @param {number} status HTTP status (for a job's error: the status its code stands for)
   * @param {ErrorBody} error
   * @param {{ retryAfter?: number }} [extra]
   */
  constructor(status, error, extra = {}) {
    const details = (error.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : `${d.message}`));
    const message = error.message ?? `HTTP ${status}`;
    if (error.reason && !message.includes(error.reason)) details.unshift(`reason: ${error.reason}`);
    super(message, { exitCode: exitCodeForStatus(status), details });
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code;
    this.reason = error.reason;
    this.retryAfter = extra.retryAfter;
  }

  /** @param {ErrorBody} error a job's `error` */
  static fromJob(error) {
    return new ApiError(STATUS_OF_CODE[error.code ?? ''] ?? 500, error);
  }
}

/**
 * The lines printed to stderr for a failure.
 * @param {unknown} err
 * @param {boolean} [debug] print stacks of unexpected errors
 * @returns {string[]}
 */
export function describeError(err, debug = false) {
  if (err instanceof CliError) return [`frameshot: ${err.message}`, ...err.details.map((d) => `  ${d}`)];
  const e = /** @type {Error} */ (err);
  return [`frameshot: ${e?.message ?? String(err)}`, ...(debug && e?.stack ? [e.stack] : [])];
}
