/**
 * Charges that are not usage: the Savings Plan fee, AWS Support, tax and the monthly
 * credit. They are derived from the day's usage totals, so they stay date-deterministic.
 */
import type { CostRecord } from '../../core/types.js';
import { makeRecord, type RecordMoney } from './build-record.js';
import type { DayInfo } from './calendar.js';
import { AWS_ACCOUNTS, GCP_PROJECTS, type SampleAccount } from './org.js';

/** Micro-dollar totals of one day's usage rows. */
export interface DayTotals {
  awsBilled: number;
  awsEffective: number;
  gcpBilled: number;
  /** Effective cost of usage covered by the Savings Plan. */
  committedEffective: number;
}

export const emptyTotals = (): DayTotals => ({ awsBilled: 0, awsEffective: 0, gcpBilled: 0, committedEffective: 0 });

/** AWS Business support: 5% of the day's AWS spend (a flat simplification of the tiers). */
export const SUPPORT_RATE = 0.05;
/** Sales tax on billed charges, both clouds. */
export const TAX_RATE = 0.035;
/** The monthly program credit, on the 1st, applied in the nlp account. */
export const MONTHLY_CREDIT_MICROS = -4_000_000_000;

interface Charge {
  account: SampleAccount;
  serviceName: string;
  serviceCategory: string;
  chargeDescription: string;
  chargeCategory: 'Purchase' | 'Tax' | 'Credit';
  pricingCategory: string;
  resourceId: string;
  money: RecordMoney;
}

function charge(day: DayInfo, c: Charge): [CostRecord, RecordMoney] {
  return [makeRecord(day, {
    provider: c.account.provider,
    subAccountId: c.account.id,
    subAccountName: c.account.name,
    serviceName: c.serviceName,
    serviceCategory: c.serviceCategory,
    skuId: '',
    chargeDescription: c.chargeDescription,
    resourceId: c.resourceId,
    resourceName: '',
    resourceType: '',
    regionId: '',
    chargeCategory: c.chargeCategory,
    pricingCategory: c.pricingCategory,
    consumedUnit: '',
    tags: {},
  }, c.money, null), c.money];
}

const same = (amount: number): RecordMoney => ({ list: amount, billed: amount, effective: amount });

/** The day's non-usage rows, in a fixed order. */
export function billingRows(day: DayInfo, t: DayTotals, out: (r: CostRecord, money: RecordMoney) => void): void {
  const shared = AWS_ACCOUNTS.shared;
  // 1. The Savings Plan fee: billed here, amortized into the covered usage (effective 0).
  const planFee = t.committedEffective;
  if (planFee > 0) {
    out(...charge(day, {
      account: shared, serviceName: 'Savings Plans for AWS Compute usage', serviceCategory: 'Compute',
      chargeDescription: '1 year No Upfront Compute Savings Plan recurring fee', chargeCategory: 'Purchase', pricingCategory: 'Committed',
      resourceId: `arn:aws:savingsplans::${shared.id}:savingsplan/5e1c2a4b-acme-ml-0001`, money: { list: planFee, billed: planFee, effective: 0 },
    }));
  }
  // 2. AWS Support (Business), accrued daily.
  const support = Math.round(t.awsEffective * SUPPORT_RATE);
  out(...charge(day, {
    account: shared, serviceName: 'AWS Support (Business)', serviceCategory: 'Other', chargeDescription: 'AWS Support (Business) fee',
    chargeCategory: 'Purchase', pricingCategory: 'Standard', resourceId: '', money: same(support),
  }));
  // 3. Tax on each cloud's billed charges.
  const awsTax = Math.round((t.awsBilled + planFee + support) * TAX_RATE);
  out(...charge(day, {
    account: shared, serviceName: 'Tax', serviceCategory: 'Other', chargeDescription: 'US sales tax',
    chargeCategory: 'Tax', pricingCategory: '', resourceId: '', money: same(awsTax),
  }));
  out(...charge(day, {
    account: GCP_PROJECTS.sandbox, serviceName: 'Tax', serviceCategory: 'Other', chargeDescription: 'US sales tax',
    chargeCategory: 'Tax', pricingCategory: '', resourceId: '', money: same(Math.round(t.gcpBilled * TAX_RATE)),
  }));
  // 4. The monthly credit (negative; ListCost 0 keeps ListCost ≥ BilledCost).
  if (day.dom === 1) {
    out(...charge(day, {
      account: AWS_ACCOUNTS.nlp, serviceName: 'Amazon SageMaker', serviceCategory: 'AI and Machine Learning',
      chargeDescription: 'AWS Generative AI Accelerator program credit', chargeCategory: 'Credit', pricingCategory: '',
      resourceId: '', money: { list: 0, billed: MONTHLY_CREDIT_MICROS, effective: MONTHLY_CREDIT_MICROS },
    }));
  }
}
