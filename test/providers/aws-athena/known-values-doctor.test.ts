import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAthena } from '../../fakes/athena-server.js';
import { makeRecord } from '../../helpers/make-record.js';
import { allocationConfig, context, sampleRecords, setup } from './test-helpers.js';

let fakes: FakeAthena[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});
async function start(...args: Parameters<typeof setup>) {
  const s = await setup(...args);
  fakes.push(s.fake);
  return s;
}

describe('knownValues', () => {
  it('lists services, accounts, regions and each dimension\'s tag values after its aliases, from one query', async () => {
    const { fake, provider } = await start({ records: [...sampleRecords(), makeRecord({ day: '2026-11-20', billedCost: '1', regionId: 'eu-west-1', tags: { Env: ' prd ' } })] });
    const values = await provider.knownValues!({ start: '2026-11-01', end: '2026-11-26' }, allocationConfig(), context());
    expect(fake.calls('StartQueryExecution')).toBe(1);
    expect(values.service!.sort()).toEqual(['AWS Support (Business)', 'Amazon Elastic Compute Cloud', 'Amazon SageMaker', 'Amazon Simple Storage Service']);
    expect(values.account!.sort()).toEqual(['111111111111', '222222222222']);
    expect(values.region!.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(values.team!.sort()).toEqual(['nlp']);
    expect(values.env!.sort()).toEqual(['prod']);
    expect(values.model!.sort()).toEqual(['llama-70b', 'mistral-7b']);
  });
});

describe('doctor', () => {
  it('all good: credentials, workgroup, table, one partition', async () => {
    const { fake, provider } = await start({ records: [...sampleRecords(), makeRecord({ day: '2026-11-25', billedCost: '1' })], workgroups: { primary: { outputLocation: 's3://r/', bytesScannedCutoffPerQuery: 10_000_000_000 } } });
    const checks = await provider.doctor(context());
    expect(checks).toEqual([
      { name: 'credentials', ok: true, detail: 'found (access key …1234)' },
      { name: 'workgroup', ok: true, detail: 'primary: results to s3://r/; per-query data limit 10000000000 bytes' },
      { name: 'table', ok: true, detail: 'finops.focus_1_0_aws: FOCUS columns found, partitioned by billing_period' },
      { name: 'query', ok: true, detail: expect.stringMatching(/^26 rows in billing period 2026-11, latest charge 2026-11-25 00:00:00 \(\d+ bytes scanned\)$/) },
    ]);
    const query = fake.log.find((c) => c.op === 'StartQueryExecution')!.body;
    expect(query.ExecutionParameters).toEqual(["'2026-11'"]);
  });

  it('each failure with its fix: a disabled workgroup, a table that is not FOCUS, a denied query', async () => {
    const { fake, provider } = await start({ records: sampleRecords(), workgroups: { primary: { state: 'DISABLED', outputLocation: 's3://r/' } }, config: { table: 'cur2' } });
    fake.deny('StartQueryExecution');
    const checks = await provider.doctor(context());
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['credentials', true], ['workgroup', false], ['table', false], ['query', false]]);
    expect(checks[1]).toMatchObject({ detail: 'workgroup primary is disabled', fix: expect.stringMatching(/^enable workgroup primary/) });
    expect(checks[2]!.detail).toMatch(/Table cur2 not found/);
    expect(checks[2]!.fix).toMatch(/check database and table/);
    expect(checks[3]).toMatchObject({ detail: expect.stringMatching(/AWS denied athena:StartQueryExecution/), fix: expect.stringMatching(/IAM policy of src\/providers\/aws-athena\/README\.md/) });
  });

  it('a table without FOCUS columns, or without the billing_period partitions', async () => {
    const unpartitioned = await start({ records: sampleRecords(), partitioned: false });
    const checks = await unpartitioned.provider.doctor(context());
    expect(checks.find((c) => c.name === 'table')).toMatchObject({ ok: false, detail: expect.stringMatching(/has the FOCUS columns but no billing_period partition/), fix: expect.stringMatching(/PARTITIONED BY \(billing_period string\).*partitioned: false/) });
  });

  it('no output location anywhere: says where to set one', async () => {
    const { provider } = await start({ records: sampleRecords(), workgroups: { primary: {} } });
    const checks = await provider.doctor(context());
    expect(checks.find((c) => c.name === 'workgroup')).toMatchObject({ ok: false, fix: expect.stringMatching(/set outputLocation/) });
    expect(checks.find((c) => c.name === 'query')).toMatchObject({ ok: false, detail: expect.stringMatching(/nowhere to write query results/) });
  });
});
