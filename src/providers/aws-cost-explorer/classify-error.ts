import { ProviderError } from '../shared/provider-error.js';

/** The IAM actions the provider uses, for messages and the README's policy. */
export const CE_ACTIONS = ['ce:GetCostAndUsage', 'ce:GetTags', 'ce:GetDimensionValues', 'ce:GetCostForecast'] as const;

export const POLICY_FIX = `attach a policy allowing ${CE_ACTIONS.join(', ')} on "*" to the bot's IAM role or user (see src/providers/aws-cost-explorer/README.md)`;

const THROTTLED = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);
const CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'InvalidClientTokenId', 'CredentialsProviderError', 'SignatureDoesNotMatch']);
/** A page token that no longer fits the data: start again from the first page. */
export const PAGINATION_RACE = new Set(['InvalidNextTokenException', 'RequestChangedException']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'TimeoutError']);

/** What the SDK attaches to a service error. */
function details(err: unknown): { name: string; code: string | undefined; message: string; status: number | undefined; fault: string | undefined } {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; message?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    code: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message : String(err),
    status: typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
    fault: typeof e.$fault === 'string' ? e.$fault : undefined,
  };
}

/**
 * Turns what the Cost Explorer client threw into a `ProviderError` that says what to do.
 * `operation` names the API call (`GetCostAndUsage`), so a denial names its IAM action.
 * Throttling, server faults and network failures are retryable; nothing else is.
 */
export function classifyCeError(provider: string, operation: string, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const { name, code, message, status, fault } = details(err);
  const p = provider;
  const opts = { cause: err };
  if (THROTTLED.has(name) || status === 429) {
    return new ProviderError(p, 'throttled', `${p}: Cost Explorer is rate-limiting requests (${name}); try again in a minute`, true, opts);
  }
  if (name === 'AccessDeniedException' || (status === 403 && !CREDENTIALS.has(name))) {
    return new ProviderError(p, 'permission', `${p}: AWS denied ce:${operation}. To fix it, ${POLICY_FIX}. (AWS: ${message})`, false, opts);
  }
  if (CREDENTIALS.has(name) || (/credential/i.test(message) && fault !== 'server')) {
    return new ProviderError(p, 'permission',
      `${p}: AWS rejected the credentials (${name}). Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run the bot with an IAM role; then check with "finops-bot doctor". (AWS: ${message})`,
      false, opts);
  }
  if (name === 'DataUnavailableException') {
    return new ProviderError(p, 'unavailable',
      `${p}: Cost Explorer has no data for this period yet. It is available about 24 hours after Cost Explorer is enabled, and covers the last 13 months (38 with multi-year data enabled). (AWS: ${message})`,
      false, opts);
  }
  if (name === 'BillExpirationException') {
    return new ProviderError(p, 'invalid-request', `${p}: this period is older than the bills Cost Explorer keeps (13 months, 38 with multi-year data); ask about a more recent range. (AWS: ${message})`, false, opts);
  }
  if (PAGINATION_RACE.has(name)) {
    // Not retryable as such: the same token fails again. The page loop restarts from the first page once.
    return new ProviderError(p, 'unavailable', `${p}: Cost Explorer's data changed while its pages were read (${name}); ask again`, false, opts);
  }
  if (name === 'ValidationException') {
    return new ProviderError(p, 'invalid-request', `${p}: Cost Explorer rejected the ${operation} request: ${message}. This is a bug of finops-bot's Cost Explorer provider; please report it with the query.`, false, opts);
  }
  if (fault === 'server' || (status !== undefined && status >= 500) || NETWORK.has(name) || (code !== undefined && NETWORK.has(code))) {
    return new ProviderError(p, 'unavailable', `${p}: Cost Explorer is unavailable (${code ?? name}${status ? ` ${status}` : ''}); try again later`, true, opts);
  }
  return new ProviderError(p, 'unknown', `${p}: ${operation} failed: ${name}: ${message}`, false, opts);
}
