import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import { classifyBigQueryError } from '../../../src/providers/gcp-bigquery/classify-error.js';
import { PayloadError } from '../../../src/providers/gcp-bigquery/schema.js';
import { chargeCategoryOf, pricingCategoryOf, serviceCategoryOf } from '../../../src/providers/gcp-bigquery/to-cost-record.js';

const ctx = { provider: 'gcp', table: { project: 'billing-prj', dataset: 'billing', table: 't', quoted: '`billing-prj.billing.t`' }, jobProject: 'jobs-prj', location: 'EU' };
const apiError = (code: number | string, reason?: string, message = 'boom') => Object.assign(new Error(message), { code, errors: reason ? [{ reason, message }] : [] });

describe('classifyBigQueryError', () => {
  const cases: [unknown, string, boolean][] = [
    [apiError(403, 'rateLimitExceeded'), 'throttled', true],
    [apiError(403, 'quotaExceeded'), 'throttled', true],
    [apiError(429), 'throttled', true],
    [apiError(503, 'backendError'), 'unavailable', true],
    [apiError(500, 'internalError'), 'unavailable', true],
    [apiError(502), 'unavailable', true],
    [apiError('ECONNREFUSED'), 'unavailable', true],
    [apiError(401, 'authError'), 'permission', false],
    [apiError(403, 'accessDenied'), 'permission', false],
    [apiError(404, 'notFound'), 'not-found', false],
    [apiError(400, 'bytesBilledLimitExceeded'), 'too-expensive', false],
    [apiError(400, 'invalidQuery'), 'invalid-request', false],
    [new PayloadError('bad page'), 'unknown', false],
    [new Error('mystery'), 'unknown', false],
    ['a string', 'unknown', false],
  ];
  it.each(cases)('%o → %s (retryable %s)', (err, code, retryable) => {
    const e = classifyBigQueryError(err, ctx);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ provider: 'gcp', code, retryable });
  });

  it('says which permission is missing, on which project or dataset, and which role grants it', () => {
    const jobs = classifyBigQueryError(apiError(403, 'accessDenied', 'User does not have bigquery.jobs.create permission in project jobs-prj.'), ctx);
    expect(jobs.message).toContain('bigquery.jobs.create on project jobs-prj (role BigQuery Job User, roles/bigquery.jobUser)');
    const data = classifyBigQueryError(apiError(403, 'accessDenied', 'Access Denied: Table billing-prj:billing.t: User does not have permission to query table'), ctx);
    expect(data.message).toContain('bigquery.tables.getData on dataset billing-prj.billing (role BigQuery Data Viewer, roles/bigquery.dataViewer)');
    const vague = classifyBigQueryError(apiError(403, 'accessDenied', 'Access denied.'), ctx);
    expect(vague.message).toContain('bigquery.jobs.create');
    expect(vague.message).toContain('bigquery.tables.getData');
  });

  it('names the table and location when not found, and the limit when too expensive', () => {
    expect(classifyBigQueryError(apiError(404, 'notFound'), ctx).message).toContain('did not find the table billing-prj.billing.t in location EU');
    expect(classifyBigQueryError(apiError(400, 'bytesBilledLimitExceeded'), { ...ctx, maxBytesBilled: 2_500_000_000 }).message).toContain('maxBytesBilled = 2500000000 bytes (2.5 GB)');
  });

  it('passes a ProviderError through unchanged', () => {
    const e = new ProviderError('gcp', 'timeout', 'slow', true);
    expect(classifyBigQueryError(e, ctx)).toBe(e);
  });
});

describe('FOCUS columns derived from the export', () => {
  it('cost_type → ChargeCategory', () => {
    expect(['regular', 'tax', 'adjustment', 'rounding error', 'Rounding Error', 'new_kind', ''].map(chargeCategoryOf)).toEqual(['Usage', 'Tax', 'Adjustment', 'Adjustment', 'Adjustment', 'new_kind', '']);
  });
  it('service description → ServiceCategory', () => {
    expect(['Compute Engine', 'Vertex AI', 'Cloud Storage', 'BigQuery', 'Cloud SQL', 'Networking', 'Support', ''].map(serviceCategoryOf)).toEqual([
      'Compute', 'AI and Machine Learning', 'Storage', 'Analytics', 'Databases', 'Networking', 'Other', '',
    ]);
  });
  it('SKU description → PricingCategory', () => {
    expect(['Spot Preemptible N2 Instance Core', 'Preemptible Nvidia T4 GPU', 'Commitment v1: A2 Cpu in Americas for 1 Year', 'N2 Instance Core', ''].map(pricingCategoryOf)).toEqual([
      'Dynamic', 'Dynamic', 'Committed', 'Standard', '',
    ]);
  });
});
