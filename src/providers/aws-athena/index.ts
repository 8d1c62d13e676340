export { createAthenaProvider, type AthenaProviderDeps } from './athena-provider.js';
export { compileFetchSql, FETCH_MARKER, dayExpression, tagExpression } from './compile-sql.js';
export { compileKnownValuesSql, compileDoctorSql, KNOWN_VALUES_MARKER, DOCTOR_MARKER } from './compile-aux-sql.js';
export { billingPeriods } from './billing-periods.js';
export { sqlString, sqlDate, sqlTimestamp, MAX_PARAMETER_LENGTH } from './sql-text.js';
export { ATHENA_ACTIONS } from './classify-error.js';
export type { AthenaProviderConfig, CompiledFetch, CompiledQuery, TableInfo } from './types.js';
