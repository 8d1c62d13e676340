import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import { classifyCeError } from '../../../src/providers/aws-cost-explorer/classify-error.js';

function sdkError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $fault: 'client', $metadata: { httpStatusCode: 400 }, ...extra });
}

const classify = (err: unknown, op = 'GetCostAndUsage') => classifyCeError('aws', op, err);

describe('classifyCeError', () => {
  it('makes throttling retryable, whatever the name AWS uses', () => {
    for (const name of ['LimitExceededException', 'ThrottlingException']) {
      expect([classify(sdkError(name)).code, classify(sdkError(name)).retryable]).toEqual(['throttled', true]);
    }
    expect(classify(sdkError('Whatever', { $metadata: { httpStatusCode: 429 } })).code).toBe('throttled');
  });

  it('names the denied action and the policy to attach', () => {
    const e = classify(sdkError('AccessDeniedException'), 'GetTags');
    expect([e.code, e.retryable]).toEqual(['permission', false]);
    expect(e.message).toMatch(/AWS denied ce:GetTags\. To fix it, attach a policy allowing ce:GetCostAndUsage, ce:GetTags/);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('tells how to provide credentials when they are rejected or missing', () => {
    for (const err of [sdkError('UnrecognizedClientException'), sdkError('ExpiredTokenException'), Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })]) {
      const e = classify(err);
      expect(e.code).toBe('permission');
      expect(e.message).toContain('AWS_PROFILE');
    }
  });

  it('makes server faults and network failures retryable', () => {
    expect(classify(sdkError('InternalServerException', { $fault: 'server', $metadata: { httpStatusCode: 500 } })).retryable).toBe(true);
    expect(classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('keeps validation errors and page token races non-retryable, with a message that says what to do', () => {
    expect(classify(sdkError('ValidationException'))).toMatchObject({ code: 'invalid-request', retryable: false });
    expect(classify(sdkError('RequestChangedException'))).toMatchObject({ code: 'unavailable', retryable: false });
    expect(classify(sdkError('SomethingNew'))).toMatchObject({ code: 'unknown', retryable: false });
    expect(classify('a string').message).toContain('a string');
  });

  it('passes a ProviderError through', () => {
    const original = new ProviderError('aws', 'timeout', 'slow', true);
    expect(classify(original)).toBe(original);
  });
});
