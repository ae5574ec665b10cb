/**
 * @module capture/run
 * The clock of one capture: the budget's deadline, the current stage (for error messages) and
 * per-stage timings.
 */

export interface Run {
  /** The whole budget (ms), as asked for. */
  readonly budget: number;
  readonly deadline: number;
  readonly timings: Record<string, number>;
  readonly stage: string;
  /** ms left in the budget. */
  left(): number;
  /** ms left, keeping `reserveMs` for later stages (never below `floorMs`). */
  leftFor(reserveMs: number, floorMs?: number): number;
  /** Runs one stage, recording its duration (accumulated if the stage runs twice). */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function startRun(budgetMs: number): Run {
  const started = Date.now();
  const deadline = started + budgetMs;
  const timings: Record<string, number> = {};
  let stage = 'setup';
  return {
    budget: budgetMs,
    deadline,
    timings,
    get stage() {
      return stage;
    },
    left: () => deadline - Date.now(),
    leftFor: (reserveMs, floorMs = 250) => Math.max(floorMs, deadline - Date.now() - reserveMs),
    async step(name, fn) {
      stage = name;
      const t = Date.now();
      try {
        return await fn();
      } finally {
        timings[name] = (timings[name] ?? 0) + (Date.now() - t);
      }
    },
  };
}
