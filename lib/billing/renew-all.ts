/**
 * @module billing/renew-all
 * The scheduled side of monthly renewal: every account whose period has ended is renewed, so
 * quiet accounts show the right balance too. Safe to run as often as wanted, and concurrently
 * with the lazy renewal on requests.
 */
import type { Config } from '../config.ts';
import type { Account } from '../store/accounts.ts';
import { allItems, type Table, withoutKeys } from '../store/table.ts';
import { addMonths, effectivePlan } from './plans.ts';
import { renewIfDue } from './renewal.ts';

export async function renewDueAccounts(table: Table, plans: Config['plans'], now: number): Promise<number> {
  const items = await allItems(
    table,
    {
      FilterExpression: '#type = :account',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':account': 'account' },
    },
    { scan: true },
  );
  let renewed = 0;
  for (const item of items) {
    const account = withoutKeys(item) as unknown as Account;
    if (Date.parse(addMonths(account.period_start, 1)) > now) continue;
    await renewIfDue(table, account, effectivePlan(account, plans), now);
    renewed++;
  }
  return renewed;
}
