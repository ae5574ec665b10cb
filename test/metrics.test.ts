/**
 * Business metrics (lib/metrics.ts): counted by the pipeline, written as CloudWatch embedded
 * metric format lines on Lambda when an invocation ends, and never printed off Lambda.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, METRICS_NAMESPACE, withMetrics } from '../lib/metrics.ts';

afterEach(() => vi.restoreAllMocks());

describe('metrics', () => {
  it('on Lambda, flushes one EMF line per invocation with every metric counted, even when it throws', async () => {
    const lines: string[] = [];
    // Powertools writes through its own Console on process.stdout.
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = String(chunk);
      if (text.includes('_aws')) lines.push(text);
      return true;
    });
    const metrics = createMetrics({ lambda: true, service: 'frameshot-test' });
    const handler = withMetrics(metrics, async (fail: boolean) => {
      metrics.count('Captures');
      metrics.count('CreditsCharged', 3);
      if (fail) throw new Error('boom');
      return 'ok';
    });
    expect(await handler(false)).toBe('ok');
    await expect(handler(true)).rejects.toThrow('boom');
    const emf = lines.map((l) => JSON.parse(l));
    expect(emf).toHaveLength(2);
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe(METRICS_NAMESPACE);
    expect(emf[0]).toMatchObject({ Captures: 1, CreditsCharged: 3, service: 'frameshot-test' });
    expect(metrics.snapshot()).toMatchObject({ Captures: 2, CreditsCharged: 6 });
  });

  it('off Lambda, only counts', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const metrics = createMetrics({ lambda: false });
    metrics.count('CacheHits');
    metrics.flush();
    expect(written.filter((w) => w.includes('_aws'))).toEqual([]);
    expect(metrics.snapshot().CacheHits).toBe(1);
  });
});
