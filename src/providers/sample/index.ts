/** The bundled sample data of the embedded default (see README.md in this folder). */
export { generateSample, sampleRecords, DEFAULT_SAMPLE_MONTHS, type SampleOptions, type SampleStats } from './generate-sample.js';
export { generateLargeFocus, largeFocusRecords, type LargeFocusOptions, type LargeFocusStats } from './generate-large-focus.js';
export { writeFocusCsv, csvField, FOCUS_CSV_COLUMNS, type FocusCsvOptions } from './write-focus-csv.js';
export { SAMPLE_DIMENSIONS, SAMPLE_SHARED, SAMPLE_ALLOCATION } from './sample-config.js';
export { createSampleProvider, type SampleProviderConfig } from './sample-provider.js';
export {
  ORG_NAME, TEAMS, MODELS, ENVS, AWS_ACCOUNTS, GCP_PROJECTS, ALL_ACCOUNTS, BILLING_ACCOUNTS,
  GPU_UTILIZATION_TAG, IDLE_GPU_THRESHOLD_PERCENT, MONTHLY_SPIKE_DAYS, RECENT_SPIKE_DAYS_BEFORE_TODAY,
} from './org.js';
