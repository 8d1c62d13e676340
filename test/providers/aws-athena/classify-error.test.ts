import { describe, expect, it } from 'vitest';
import { classifyAthenaError, deniedAction, QueryFailedError } from '../../../src/providers/aws-athena/classify-error.js';

const ctx = { provider: 'athena', workgroup: 'finops-bot', database: 'finops', table: 'focus', outputLocation: 's3://results/' };
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 }, ...extra });

describe('classifyAthenaError', () => {
  it('reads the action out of an AWS denial, whatever the service', () => {
    expect(deniedAction('User: arn:aws:sts::1:assumed-role/r/x is not authorized to perform: glue:GetPartitions on resource: arn:…')).toBe('glue:GetPartitions');
    expect(deniedAction('not authorized to perform: s3:ListBucket')).toBe('s3:ListBucket');
    expect(deniedAction('Access Denied')).toBeNull();
  });

  it('retries only what can succeed later: throttling, server faults, network failures, retryable queries', () => {
    expect(classifyAthenaError(sdkError('ThrottlingException', 'Rate exceeded'), ctx, 'GetQueryExecution')).toMatchObject({ code: 'throttled', retryable: true });
    expect(classifyAthenaError(Object.assign(new Error('boom'), { name: 'InternalServerException', $fault: 'server', $metadata: { httpStatusCode: 500 } }), ctx, 'GetQueryResults')).toMatchObject({ code: 'unavailable', retryable: true });
    expect(classifyAthenaError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx, 'StartQueryExecution')).toMatchObject({ code: 'unavailable', retryable: true });
    expect(classifyAthenaError(new QueryFailedError('FAILED', 'boom', true, 'q'), ctx, 'StartQueryExecution')).toMatchObject({ code: 'unavailable', retryable: true });
    expect(classifyAthenaError(new QueryFailedError('FAILED', 'SYNTAX_ERROR: line 1:1', false, 'q'), ctx, 'StartQueryExecution')).toMatchObject({ code: 'invalid-request', retryable: false });
    expect(classifyAthenaError(sdkError('AccessDeniedException', 'no'), ctx, 'GetQueryResults')).toMatchObject({ code: 'permission', retryable: false });
  });

  it('an API denial without an action names the call it refused', () => {
    expect(classifyAthenaError(sdkError('AccessDeniedException', 'Access denied'), ctx, 'GetQueryResults').message).toMatch(/^athena: AWS denied athena:GetQueryResults\./);
  });

  it('Lake Formation and KMS-encrypted results get their own fix', () => {
    expect(classifyAthenaError(new QueryFailedError('FAILED', 'Insufficient Lake Formation permission(s) on focus', false, 'q'), ctx, 'x').message).toMatch(/Lake Formation denies the bot's role SELECT on finops\.focus/);
    expect(classifyAthenaError(new QueryFailedError('FAILED', 'Access denied when writing output to url: s3://results/x.csv', false, 'q'), ctx, 'x').message).toMatch(/kms:GenerateDataKey/);
  });

  it('a query Athena refuses at StartQueryExecution gets the same fix as the failed query would', () => {
    const err = classifyAthenaError(sdkError('InvalidRequestException', "TABLE_NOT_FOUND: line 4:8: Table 'awsdatacatalog.finops.focus' does not exist"), ctx, 'StartQueryExecution');
    expect(err).toMatchObject({ code: 'not-found', message: expect.stringMatching(/Athena did not find finops\.focus: check database and table/) });
  });
});
