import type { CostRecord } from '../../core/types.js';
import type { ExportKind, SourceColumn } from './types.js';

/**
 * SQL expression of each selectable billing-export column. Constant text only: nothing
 * here comes from a user or the configuration.
 */
export const SOURCE_EXPR: Record<SourceColumn, string> = {
  cost_type: 'cost_type',
  project_id: 'project.id',
  project_name: 'project.name',
  service: 'service.description',
  sku_id: 'sku.id',
  sku: 'sku.description',
  region: 'location.region',
  resource_name: 'resource.name',
  resource_global_name: 'resource.global_name',
  // Compute Engine puts the machine type (a2-highgpu-1g…) in this system label: the
  // closest thing the export has to FOCUS ResourceType, and what GPU rules look for.
  machine_spec:
    "(SELECT sl.value FROM UNNEST(system_labels) AS sl WHERE sl.key = 'compute.googleapis.com/machine_spec' LIMIT 1)",
  usage_unit: 'usage.unit',
};

/** Columns only the detailed (resource-level) export has. */
export const DETAILED_ONLY: ReadonlySet<SourceColumn> = new Set(['resource_name', 'resource_global_name']);

/**
 * The export column each CostRecord field is read (or derived) from. ServiceCategory is
 * derived from the service description and PricingCategory from the SKU description, so
 * they need those columns; ProviderName is constant; ConsumedQuantity is not fetched.
 */
export const FIELD_SOURCE: Partial<Record<keyof CostRecord, SourceColumn>> = {
  subAccountId: 'project_id',
  subAccountName: 'project_name',
  serviceName: 'service',
  serviceCategory: 'service',
  skuId: 'sku_id',
  chargeDescription: 'sku',
  pricingCategory: 'sku',
  resourceId: 'resource_global_name',
  resourceName: 'resource_name',
  resourceType: 'machine_spec',
  regionId: 'region',
  chargeCategory: 'cost_type',
  consumedUnit: 'usage_unit',
};

/** Whether `column` exists in an export of this kind. */
export function columnAvailable(column: SourceColumn, kind: ExportKind): boolean {
  return kind === 'detailed' || !DETAILED_ONLY.has(column);
}
