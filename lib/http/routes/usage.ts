/**
 * @module http/routes/usage
 * `GET /v1/usage` (scope `usage`, §11): balance, plan, period and the last 30 days (billing/usage):
 * two reads of constant size, however many captures the account made.
 */
import type { MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { listEntries } from '../../billing/ledger.ts';
import { addMonths, effectivePlan } from '../../billing/plans.ts';
import { readUsage, summariseUsage } from '../../billing/usage.ts';
import type { Deps } from '../../deps.ts';
import { type Account, getAccount } from '../../store/accounts.ts';
import { isoTime } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { USAGE } from '../openapi-examples.ts';
import { createRouter, type Registry } from '../router.ts';
import { count, str } from '../views.ts';

const Usage = named(
  'Usage',
  v.object({
    credits_remaining: count('The balance, in credits'),
    credits_monthly: count('Credits the plan grants each period'),
    plan: str('The plan: free, starter, pro, …'),
    period_end: str('When the period renews (ISO 8601)'),
    last_30_days: v.pipe(
      v.object({
        render_count: count('Renders charged in the last 30 days, less refunded ones'),
        credits_used: count('Credits spent in the last 30 days, less refunds'),
      }),
      v.description('Totals of the last 30 days'),
    ),
    daily_breakdown: v.pipe(
      v.array(
        v.object({
          day: str('The UTC day, YYYY-MM-DD'),
          renders: count('Renders charged that day'),
          credits: count('Credits spent that day'),
        }),
      ),
      v.description('One entry per day, oldest first'),
    ),
  }),
);

export function usageRoutes(deps: Deps, registry: Registry, account: MiddlewareHandler<AppEnv>[]) {
  /** The last 30 days: from the account's day items, or its ledger when it predates them. */
  const usageOf = async (account: Account, now: number) => {
    if (account.usage_by_day) return readUsage(deps.table, account.id, now);
    // Refunds may follow a debit by a few seconds: look back one day more than we report.
    const entries = await listEntries(deps.table, account.id, isoTime(now - 31 * 24 * 3600 * 1000));
    return summariseUsage(entries, now);
  };

  const router = createRouter({ registry, mount: '/v1/usage', tag: 'Usage', account });
  router.on(
    {
      operationId: 'getUsage',
      method: 'get',
      path: '',
      summary: 'Credits, plan and the last 30 days',
      description:
        'The balance, the plan’s monthly credits and when the period renews, and the last 30 days from the ledger: renders and credits per day (refunds count against the day of their debit).',
      scope: 'usage',
      // Reads only: the account and the ledger are read while the rate limit is recorded.
      overlapsRateLimit: true,
      responses: { 200: { description: 'Usage', schema: Usage, example: USAGE } },
    },
    async (c) => {
      const auth = c.get('auth').account;
      const now = deps.now();
      // The balance as it stands now: the account authentication found may be seconds old (store/memo).
      const [fresh, usage] = await Promise.all([getAccount(deps.table, auth.id), usageOf(auth, now)]);
      const owner = fresh ?? auth;
      const plan = effectivePlan(owner, deps.config.plans);
      return c.json({
        credits_remaining: owner.balance,
        credits_monthly: plan.monthlyCredits,
        plan: plan.name,
        period_end: addMonths(owner.period_start, 1),
        ...usage,
      });
    },
  );
  return router.app;
}
