import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { ProviderError } from '../shared/provider-error.js';
import type { DoctorCheck, ProviderContext } from '../types.js';
import { parsePayload, sendOnce, type CallEnv, type Tally } from './ce-calls.js';
import { POLICY_FIX } from './classify-error.js';
import { costAndUsagePageSchema } from './schema.js';

const CREDENTIALS_FIX = 'set AWS_PROFILE (with ~/.aws/config), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run the bot with an IAM role (instance profile, ECS task role, IRSA)';

/** The UTC date of an instant, and the day before (Cost Explorer's days are UTC days). */
export function utcDays(now: number): { today: string; yesterday: string } {
  return { today: new Date(now).toISOString().slice(0, 10), yesterday: new Date(now - 86_400_000).toISOString().slice(0, 10) };
}

function failed(name: string, err: unknown, fix: string): DoctorCheck {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ProviderError && err.code === 'permission' && /credentials/.test(detail)) return { name, ok: false, detail, fix: CREDENTIALS_FIX };
  if (err instanceof ProviderError && err.code === 'permission') return { name, ok: false, detail, fix: POLICY_FIX };
  return { name, ok: false, detail, fix };
}

/**
 * `finops-bot doctor` for Cost Explorer; never throws. Checks that the SDK's default chain
 * finds credentials, then makes the smallest calls that prove each permission: a MONTHLY
 * GetCostAndUsage of yesterday with no grouping, and a one-result GetTags
 * (3 requests: $0.02 at most, since the credential check is local).
 */
export async function doctorChecks(env: CallEnv, client: CostExplorerClient, ctx: ProviderContext): Promise<DoctorCheck[]> {
  const p = env.provider;
  const checks: DoctorCheck[] = [];
  try {
    const creds = await client.config.credentials();
    checks.push({ name: `${p}: credentials`, ok: true, detail: `found (access key …${creds.accessKeyId.slice(-4)})` });
  } catch (err) {
    checks.push({ name: `${p}: credentials`, ok: false, detail: `no AWS credentials found: ${err instanceof Error ? err.message : String(err)}`, fix: CREDENTIALS_FIX });
    return checks;
  }
  const { today, yesterday } = utcDays(ctx.now);
  const tally: Tally = { calls: 0, cacheHits: 0 };
  const quick = { ...env, retry: { ...env.retry, attempts: Math.min(env.retry.attempts, 2) } };
  try {
    const raw = await sendOnce(quick, 'GetCostAndUsage', { TimePeriod: { Start: yesterday, End: today }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] }, ctx, tally);
    const page = parsePayload(quick, 'GetCostAndUsage', costAndUsagePageSchema, raw);
    const total = page.ResultsByTime[0]?.Total?.UnblendedCost;
    checks.push({ name: `${p}: ce:GetCostAndUsage`, ok: true, detail: total ? `yesterday's unblended cost: ${total.Amount} ${total.Unit}` : 'answered (no cost yesterday)' });
  } catch (err) {
    checks.push(failed(`${p}: ce:GetCostAndUsage`, err, 'check that Cost Explorer is enabled for the account (Billing console → Cost Explorer) and that the endpoint is reachable'));
  }
  try {
    await sendOnce(quick, 'GetTags', { TimePeriod: { Start: yesterday, End: today }, MaxResults: 1 }, ctx, tally);
    checks.push({ name: `${p}: ce:GetTags`, ok: true, detail: 'answered' });
  } catch (err) {
    checks.push(failed(`${p}: ce:GetTags`, err, 'activate your cost allocation tags in the Billing console so Cost Explorer can group by them'));
  }
  return checks;
}
