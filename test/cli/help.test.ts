import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';

describe('frameshot help', () => {
  it('lists every command with --help and with no arguments', async () => {
    for (const args of [['--help'], []]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      for (const command of ['capture', 'jobs', 'sign', 'login', 'status', 'auth']) {
        expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
      }
    }
  });

  it('has a page per command, as --help and as help <command>', async () => {
    for (const [command, usage] of [
      ['capture', 'Usage: frameshot capture <url>'],
      ['jobs', 'Usage: frameshot jobs status <job_id>'],
      ['sign', 'Usage: frameshot sign <url>'],
      ['login', 'Usage: frameshot login'],
      ['status', 'Usage: frameshot status'],
      ['auth', 'Usage: frameshot auth login --url'],
    ] as const) {
      const flag = await runCli([command, '--help']);
      expect(flag.code).toBe(0);
      expect(flag.stdout).toContain(usage);
      const topic = await runCli(['help', command]);
      expect(topic.stdout).toBe(flag.stdout);
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    const unknown = await runCli(['shoot']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "shoot"');
    const option = await runCli(['status', '--verbose']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--verbose'");
    expect(option.stderr).toContain('Run: frameshot status --help');
  });
});
