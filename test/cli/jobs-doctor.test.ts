import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

interface Check { name: string; ok: boolean; detail: string; fix?: string }
const doctor = async (env: Record<string, string>) => {
  const r = await runCli(['doctor', '--config', 'fixtures/jobs/teams.yaml', '--json'], { env: { FINOPS_DATA_DIR: 'memory://', ...env } });
  return { ...r, report: JSON.parse(r.stdout) as { ok: boolean; jobs: { checks: Check[] }; gpu: { ok: boolean; coverage: Check[] } } };
};

describe('finops-bot doctor: the scheduled jobs', { timeout: 60_000 }, () => {
  it('checks each schedule and where each team entry’s messages go, and fails on channels the deployment cannot post to', async () => {
    const { code, report } = await doctor({});
    expect(code).toBe(1);
    const byName = Object.fromEntries(report.jobs.checks.map((c) => [c.name, c]));
    expect(byName['schedule digest']).toMatchObject({ ok: true, detail: expect.stringMatching(/^“0 9 \* \* 1-5” \(Europe\/London\), next 20\d\d-/) });
    expect(byName['schedule idle-gpu']).toMatchObject({ ok: true, detail: expect.stringMatching(/^“\*\/30 \* \* \* \*” \(UTC\)/) });
    expect(byName['channels nlp']).toMatchObject({ ok: false, detail: expect.stringContaining('Slack channel C0NLP00001, but Slack is not connected'), fix: expect.stringContaining('SLACK_BOT_TOKEN') });
    expect(byName['channels speech']).toEqual({ name: 'channels speech', ok: true, detail: 'team=speech → console speech' });
    expect(byName['teams conversation nlp']).toMatchObject({ ok: false, detail: '19:nlp@thread.tacv2', fix: expect.stringContaining('add the bot to that team') });
    expect(report.gpu.ok).toBe(true);
  });

  it('passes the channels once Slack and Teams are connected (the Teams reference still missing)', async () => {
    const { report } = await doctor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', FINOPS_TEAMS_EMULATOR: '1' });
    expect(report.jobs.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['teams conversation nlp']);
    expect(report.jobs.checks.find((c) => c.name === 'channels finance')!.detail).toBe('the whole organisation → slack C0FINANCE0, console finance (default: gets what no team owns)');
  });
});
