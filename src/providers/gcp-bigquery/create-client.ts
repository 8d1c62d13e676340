import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';

/**
 * The BigQuery client for a provider. Its own retries are off: `withRetry` owns retrying
 * (bounded, with jitter, counted), and two nested retry loops would multiply the calls.
 * `endpoint` replaces the API root (the client appends `/bigquery/v2`).
 */
export function createBigQueryClient(
  config: { endpoint?: string; location?: string },
  jobProject: string,
  extra: Partial<BigQueryOptions> = {},
): BigQuery {
  // A local emulator (an endpoint on this machine) takes no credentials: asking Google's
  // auth library would look for a metadata server that is not there.
  const local = config.endpoint !== undefined && isLoopback(config.endpoint) && extra.authClient === undefined;
  return new BigQuery({
    projectId: jobProject,
    ...(config.location ? { location: config.location } : {}),
    ...(config.endpoint ? { apiEndpoint: config.endpoint.replace(/\/+$/, '') } : {}),
    retryOptions: { autoRetry: false, maxRetries: 0 },
    ...(local ? { authClient: EMULATOR_AUTH as unknown as BigQueryOptions['authClient'] } : {}),
    ...extra,
  });
}

/** The auth client used for a local emulator: a fixed header, no token exchange. */
const EMULATOR_AUTH = { getRequestHeaders: async () => ({ Authorization: 'Bearer emulator' }) };

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}
