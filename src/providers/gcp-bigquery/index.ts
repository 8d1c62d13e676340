export { createBigQueryProvider, type BigQueryProviderDeps } from './bigquery-provider.js';
export { createBigQueryClient } from './create-client.js';
export { compileFetchSql, FETCH_MARKER, type TableInfo } from './compile-sql.js';
export { compileKnownValuesSql, compileDoctorSql, KNOWN_VALUES_MARKER, DOCTOR_MARKER } from './compile-aux-sql.js';
export { parseTableName, detectExportKind } from './table-name.js';
export { toCostRecord, serviceCategoryOf, pricingCategoryOf, chargeCategoryOf, PROVIDER_NAME } from './to-cost-record.js';
export type { BigQueryProviderConfig, ExportKind, CompiledFetch, CompiledQuery, TableRef } from './types.js';
