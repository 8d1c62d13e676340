import type { CostRecord } from '../../src/core/types.js';

/** A FOCUS cost record with sensible empty defaults, for tests. */
export function makeRecord(over: Partial<CostRecord> & { day?: string } = {}): CostRecord {
  const { day, ...rest } = over;
  const start = Date.parse(`${day ?? '2026-11-02'}T00:00:00Z`);
  return {
    chargePeriodStart: start,
    chargePeriodEnd: start + 86_400_000,
    billedCost: '0',
    effectiveCost: over.billedCost ?? '0',
    listCost: over.billedCost ?? '0',
    currency: 'USD',
    provider: 'AWS',
    subAccountId: '111111111111',
    subAccountName: 'main',
    serviceName: 'Amazon Elastic Compute Cloud',
    serviceCategory: 'Compute',
    skuId: '',
    chargeDescription: '',
    resourceId: '',
    resourceName: '',
    resourceType: '',
    regionId: 'us-east-1',
    chargeCategory: 'Usage',
    pricingCategory: 'Standard',
    consumedQuantity: '',
    consumedUnit: '',
    tags: {},
    ...rest,
  };
}
