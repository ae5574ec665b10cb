/**
 * @module capture/pool/policy
 * When a browser leaves service, as a pure decision over what is known of it: recycled once idle
 * after `recycleAfter` captures, above the `maxRssMb` memory ceiling or after a capture that
 * blamed it; replaced at once when it failed the proof (wedged: the captures on it would only
 * wait out their timeouts).
 */

export interface RecycleLimits {
  /** Captures a browser serves before it is recycled. */
  recycleAfter: number;
  /** Resident memory of its process group (MiB) above which it is recycled. */
  maxRssMb: number;
}

/** What is known of a browser at one moment; each check fills in what it measured. */
export interface Evidence {
  /** Captures finished on it. */
  captures?: number;
  /** A capture on it ended in a way that blames the browser (`Unavailable`, a hanging close). */
  unhealthy?: boolean;
  /** Resident memory of its process group (MiB). */
  rssMb?: number;
  /** Did it open and close a context within the probe deadline? */
  answered?: boolean;
}

/** `keep` it, `recycle` it once its captures are done, or `replace` it now. */
export type Verdict = 'keep' | 'recycle' | 'replace';

export function verdict(evidence: Evidence, limits: RecycleLimits): Verdict {
  if (evidence.answered === false) return 'replace';
  if (evidence.unhealthy) return 'recycle';
  if (evidence.captures !== undefined && evidence.captures >= limits.recycleAfter) return 'recycle';
  if (evidence.rssMb !== undefined && evidence.rssMb > limits.maxRssMb) return 'recycle';
  return 'keep';
}
