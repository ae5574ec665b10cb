// @ts-check
/**
 * @module cli/lib/commands/status
 * `frameshot status [--json]`: which server and account the CLI uses, and the balance from
 * `GET /v1/usage` (plan, credits, period end, the last 30 days).
 */
import { parseArgs } from 'node:util';
import { createClient } from '../api.js';
import { requireKey, resolveSettings } from '../config.js';
import { UsageError } from '../errors.js';

export const help = `Usage: frameshot status [--json] [--base-url <url>]

Shows the server and key the CLI uses and, from GET /v1/usage: the plan, the credits left of the
month's allowance, when the period ends, and renders and credits of the last 30 days.

Options:
      --json             print the usage JSON
      --base-url <url>   server
  -h, --help`;

const number = new Intl.NumberFormat('en-US');

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${help}\n`);
  if (positionals.length) throw new UsageError(`Unexpected ${positionals.join(' ')}`, 'status');
  const settings = await resolveSettings({ baseUrl: values['base-url'] }, env);
  const client = createClient({ baseUrl: settings.baseUrl, apiKey: requireKey(settings) });
  const usage = await client.usage();
  if (values.json) return void process.stdout.write(`${JSON.stringify(usage, null, 2)}\n`);

  const key = settings.keySource === 'env' ? 'FRAMESHOT_API_KEY' : `saved login (${settings.configFile})`;
  const rows = [
    ['Server', settings.baseUrl],
    ['Key', key],
    ...(settings.accountId ? [['Account', settings.accountId]] : []),
    ['Plan', usage.plan],
    [
      'Credits',
      `${number.format(usage.credits_remaining)} remaining of ${number.format(usage.credits_monthly)} monthly`,
    ],
    ['Period ends', periodEnd(usage.period_end)],
    [
      'Last 30 days',
      `${number.format(usage.last_30_days?.render_count ?? 0)} renders, ${number.format(usage.last_30_days?.credits_used ?? 0)} credits`,
    ],
  ];
  process.stdout.write(rows.map(([label, value]) => `${`${label}:`.padEnd(14)}${value}\n`).join(''));
}

/** `2026-05-27T00:00:00.000Z` → `2026-05-27 (in 30 days)`. @param {string} iso */
function periodEnd(iso) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return String(iso);
  const days = Math.ceil((at - Date.now()) / 86_400_000);
  const when = days > 1 ? `in ${days} days` : days === 1 ? 'tomorrow' : days === 0 ? 'today' : 'passed';
  return `${iso.slice(0, 10)} (${when})`;
}
