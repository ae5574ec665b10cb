/**
 * @module http/routes/usage
 * `GET /v1/usage` (scope `usage`, §11): balance, plan, period and the last 30 days from the ledger.
 */
import type { MiddlewareHandler } from 'hono';
import { listEntries } from '../../billing/ledger.ts';
import { addMonths, effectivePlan } from '../../billing/plans.ts';
import { summariseUsage } from '../../billing/usage.ts';
import type { Deps } from '../../deps.ts';
import { isoTime } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Registry } from '../router.ts';

export function usageRoutes(deps: Deps, registry: Registry, account: MiddlewareHandler<AppEnv>[]) {
  const router = createRouter({ registry, mount: '/v1/usage', tag: 'Usage', account });
  router.on(
    {
      method: 'get',
      path: '',
      summary: 'Credits, plan and the last 30 days',
      scope: 'usage',
      responses: { 200: { description: 'Usage' } },
    },
    async (c) => {
      const owner = c.get('auth').account;
      const now = deps.now();
      const plan = effectivePlan(owner, deps.config.plans);
      // Refunds may follow a debit by a few seconds: look back one day more than we report.
      const entries = await listEntries(deps.table, owner.id, isoTime(now - 31 * 24 * 3600 * 1000));
      return c.json({
        credits_remaining: owner.balance,
        credits_monthly: plan.monthlyCredits,
        plan: plan.name,
        period_end: addMonths(owner.period_start, 1),
        ...summariseUsage(entries, now),
      });
    },
  );
  return router.app;
}
