/**
 * @module http/middleware/renew-period
 * An account's first request of a new billing period renews its monthly credits before anything
 * else looks at the balance (the scheduled renewal does the same for quiet accounts).
 */
import type { MiddlewareHandler } from 'hono';
import { effectivePlan } from '../../billing/plans.ts';
import { renewIfDue } from '../../billing/renewal.ts';
import type { Plan } from '../../config.ts';
import { forgetAccount } from '../../store/accounts.ts';
import type { Table } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';

export function renewPeriod(options: {
  table: Table;
  plans: Record<string, Plan>;
  now: () => number;
}): MiddlewareHandler<AppEnv> {
  return async function renewPeriod(c, next) {
    const auth = c.get('auth');
    const plan = effectivePlan(auth.account, options.plans);
    const account = await renewIfDue(options.table, auth.account, plan, options.now());
    if (account !== auth.account) {
      c.set('auth', { ...auth, account });
      // The remembered account still has the old period: read it afresh next time.
      forgetAccount(options.table, account.id);
    }
    await next();
  };
}
