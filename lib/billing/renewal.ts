/**
 * @module billing/renewal
 * Monthly renewal (§2): at the period start the balance is topped up to the plan's monthly
 * credits — unused monthly credits do not stack, top-ups do — as one ledger entry. Runs lazily
 * on an account's first request of a period and from a scheduled function; both are idempotent:
 * the write is conditional on the period it renews, and the entry is keyed by the new period.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Plan } from '../config.ts';
import { newId } from '../ids.ts';
import { type Account, getAccount } from '../store/accounts.ts';
import { isoTime, keys, type Table } from '../store/table.ts';
import { entryItem, type LedgerEntry, refItem } from './ledger.ts';
import { currentPeriod } from './plans.ts';

/** Renews the account if its period has ended; returns the account as it is now. */
export async function renewIfDue(table: Table, account: Account, plan: Plan, now: number): Promise<Account> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const period = currentPeriod(account.period_start, now);
    if (!period.renewed) return account;
    // Monthly credits are spent first, so what is left of the top-ups is at most the balance.
    const topup = Math.min(account.topup ?? 0, account.balance);
    const balance = plan.monthlyCredits + topup;
    const entry: LedgerEntry = {
      id: newId('led'),
      account_id: account.id,
      amount: balance - account.balance,
      kind: 'renewal',
      ref: period.start,
      note: `${plan.name} monthly credits for the period from ${period.start.slice(0, 10)}`,
      created_at: isoTime(now),
    };
    try {
      await table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table.name,
                Key: keys.account(account.id),
                UpdateExpression: 'SET balance = :balance, topup = :topup, period_start = :start',
                ConditionExpression: 'period_start = :oldStart AND balance = :oldBalance',
                ExpressionAttributeValues: {
                  ':balance': balance,
                  ':topup': topup,
                  ':start': period.start,
                  ':oldStart': account.period_start,
                  ':oldBalance': account.balance,
                },
              },
            },
            entryItem(table, entry),
            refItem(table, entry, period.start),
          ],
        }),
      );
      return { ...account, balance, topup, period_start: period.start };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      // Someone else renewed, or a debit moved the balance meanwhile: look again.
      const fresh = await getAccount(table, account.id);
      if (!fresh) throw err;
      account = fresh;
    }
  }
  throw new Error(`Renewal of ${account.id} did not settle after 10 attempts`);
}
