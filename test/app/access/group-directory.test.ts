import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackGroupDirectory, createStaticGroupDirectory, type GroupDirectory } from '../../../src/app/access/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api-server.js';

const GROUPS = { S0NLPGRP1: ['U0ONE0001', 'U0TWO0002'], S0EMPTY01: [] };

/** What every GroupDirectory does. */
function directoryContract(name: string, make: () => GroupDirectory) {
  describe(`${name}: the group directory contract`, () => {
    it('lists a group’s members', async () => {
      expect(await make().members('S0NLPGRP1')).toEqual(['U0ONE0001', 'U0TWO0002']);
    });

    it('answers an empty list for an empty or unknown group (access fails closed)', async () => {
      const d = make();
      expect(await d.members('S0EMPTY01')).toEqual([]);
      expect(await d.members('S0UNKNOWN')).toEqual([]);
    });
  });
}

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await startFakeSlackApi({ usergroups: GROUPS });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = () => new WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

directoryContract('static', () => createStaticGroupDirectory(GROUPS));
directoryContract('Slack Web API', () => createSlackGroupDirectory(client()));

describe('the Slack group directory', () => {
  it('asks usergroups.users.list once per group and TTL, and shares concurrent lookups', async () => {
    let now = 0;
    const d = createSlackGroupDirectory(client(), { ttlMs: 1000, now: () => now });

    await Promise.all([d.members('S0NLPGRP1'), d.members('S0NLPGRP1'), d.members('S0NLPGRP1')]);
    now = 999;
    await d.members('S0NLPGRP1');
    expect(fake.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toEqual(['S0NLPGRP1']);

    now = 1000;
    await d.members('S0NLPGRP1');
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(2);
    expect(fake.callsTo('usergroups.users.list')[0]!.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('reports a group it cannot read, counts it empty, and asks again after the failure TTL', async () => {
    let now = 0;
    const errors: string[] = [];
    const d = createSlackGroupDirectory(client(), { ttlMs: 60_000, failureTtlMs: 100, now: () => now, onError: (g, e) => errors.push(`${g}: ${(e as Error).message}`) });
    fake.failNext('usergroups.users.list', 'missing_scope');

    expect(await d.members('S0NLPGRP1')).toEqual([]);
    now = 50;
    expect(await d.members('S0NLPGRP1')).toEqual([]);
    now = 100;
    expect(await d.members('S0NLPGRP1')).toEqual(['U0ONE0001', 'U0TWO0002']);

    expect(errors).toEqual([expect.stringMatching(/^S0NLPGRP1: .*missing_scope/)]);
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(2);
  });
});
