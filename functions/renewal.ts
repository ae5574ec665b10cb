/** λ renewal (hourly schedule): renews the monthly credits of every account whose period ended. */
import { renewDueAccounts } from '../lib/billing/renew-all.ts';
import { deployedDeps } from '../lib/deps.ts';

const deps = await deployedDeps();

export const handler = async () => ({
  renewed: await renewDueAccounts(deps.table, deps.config.plans, deps.now()),
});
