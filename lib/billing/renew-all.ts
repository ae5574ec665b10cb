/**
 * @module billing/renew-all
 * The scheduled side of monthly renewal: every account whose period has ended is renewed, so
 * quiet accounts show the right balance too. Safe to run as often as wanted, and concurrently
 * with the lazy renewal on requests.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Account } from '../store/accounts.ts';
import { type Table, withoutKeys } from '../store/table.ts';
import { addMonths, effectivePlan } from './plans.ts';
import { renewIfDue } from './renewal.ts';

export async function renewDueAccounts(table: Table, plans: Config['plans'], now: number): Promise<number> {
  let renewed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: '#type = :account',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':account': 'account' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const account = withoutKeys(item) as unknown as Account;
      if (Date.parse(addMonths(account.period_start, 1)) > now) continue;
      await renewIfDue(table, account, effectivePlan(account, plans), now);
      renewed++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return renewed;
}
