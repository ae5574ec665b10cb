/**
 * @module metrics
 * Business metrics of a deployment — captures made, captures failed, cache hits, credits charged —
 * as CloudWatch metrics through Powertools (embedded metric format: JSON log lines CloudWatch
 * turns into metrics, no API call), namespace `Frameshot`, dimension `service`. They are flushed
 * at the end of every invocation (`withMetrics`). Off Lambda they are only counted in memory
 * (`snapshot()`), so the local stack prints no EMF lines.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export type MetricName = 'Captures' | 'CaptureFailures' | 'CacheHits' | 'CreditsCharged';

export interface Recorder {
  count(name: MetricName, value?: number): void;
  /** Writes what was counted since the last flush (on Lambda); a no-op elsewhere. */
  flush(): void;
  /** Totals counted by this process (tests, the bench). */
  snapshot(): Record<MetricName, number>;
}

export const METRICS_NAMESPACE = 'Frameshot';

export function createMetrics(options: { lambda: boolean; service?: string }): Recorder {
  const totals: Record<MetricName, number> = {
    Captures: 0,
    CaptureFailures: 0,
    CacheHits: 0,
    CreditsCharged: 0,
  };
  const emf = options.lambda
    ? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: options.service ?? 'frameshot' })
    : undefined;
  return {
    count(name, value = 1) {
      totals[name] += value;
      // A zero is still a data point: a charged-nothing capture keeps the series continuous.
      emf?.addMetric(name, MetricUnit.Count, value);
    },
    flush() {
      emf?.publishStoredMetrics();
    },
    snapshot: () => ({ ...totals }),
  };
}

/** A Lambda handler that flushes the invocation's metrics when it ends, however it ends. */
export function withMetrics<A extends unknown[], R>(
  metrics: Recorder,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } finally {
      metrics.flush();
    }
  };
}
