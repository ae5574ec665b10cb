/** λ renewal (hourly schedule): renews the monthly credits of every account whose period ended. */
import { renewDueAccounts } from '../lib/billing/renew-all.ts';
import { depsFromConfig } from '../lib/deps.ts';

const deps = depsFromConfig();

export const handler = async () => ({
  renewed: await renewDueAccounts(deps.table, deps.config.plans, deps.now()),
});
