import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { loadRuntimeConfig } from '../../src/app/runtime-config.js';
import { createLogger } from '../../src/log.js';
import { redactText, redactUrl } from '../../src/redact.js';
import { openStore } from '../../src/store/index.js';

// Issue 12: "a password in DATABASE_URL's query string was logged". Every URL and
// connection string is redacted wherever it appears: logs, errors, doctor output.
const SECRETS = ['hunter2', 'hunter3', 'tok-123', 'sig-abc'];
const PG_URL = process.env.FINOPS_TEST_DATABASE_URL || undefined;

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
  return { logger, text: () => lines.join('') };
}

describe('redactText', () => {
  it.each([
    ['postgres://bot:hunter2@db:5432/finops?sslmode=require', 'postgres://bot:***@db:5432/finops?sslmode=require'],
    ['postgres://db/finops?password=hunter2&sslmode=require', 'postgres://db/finops?password=***&sslmode=require'],
    ['postgresql://u@h/db?sslpassword=hunter2', 'postgresql://u@h/db?sslpassword=***'],
    ['connect failed: postgres://u:hunter2@h/db.', 'connect failed: postgres://u:***@h/db.'],
    ['host=db user=bot password=hunter2 dbname=finops', 'host=db user=bot password=*** dbname=finops'],
    ["host=db password='hunter2 x' dbname=finops", 'host=db password=*** dbname=finops'],
    ['https://hooks.slack.com/commands/T0/1/tok-123', 'https://hooks.slack.com/commands/***'],
    ['https://b.s3.amazonaws.com/k?X-Amz-Signature=sig-abc&X-Amz-Date=1', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=***&X-Amz-Date=1'],
    ['http://127.0.0.1:9090/api/v1/query?query=up', 'http://127.0.0.1:9090/api/v1/query?query=up'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('keeps a URL without credentials as it is', () => {
    expect(redactUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
  });
});

describe('the logger', () => {
  it('never writes a URL credential: in the message, a field, a nested field, an error message or stack', () => {
    const { logger, text } = capture();
    const err = new Error('connect ECONNREFUSED postgres://bot:hunter2@db/finops?password=hunter3');
    logger.error({ err, location: 'postgres://db/x?password=hunter2', nested: { url: 'https://hooks.slack.com/services/T/B/tok-123' } }, 'failed at postgres://u:hunter3@h/db');
    logger.child({ component: 'x' }).warn('signed https://x.s3.amazonaws.com/k?X-Amz-Signature=sig-abc');
    const out = text();
    for (const s of SECRETS) expect(out).not.toContain(s);
    expect(out).toContain('postgres://bot:***@db/finops?password=***');
    expect(out).toContain('"stack"');
  });
});

describe('the store', () => {
  it.skipIf(PG_URL === undefined)(`logs where it opened without the password of a query string${PG_URL === undefined ? ' (skipped: set FINOPS_TEST_DATABASE_URL)' : ''}`, async () => {
    const { logger, text } = capture();
    const url = new URL(PG_URL!);
    url.searchParams.set('password', 'hunter2'); // trust auth ignores it
    const store = await openStore({ databaseUrl: url.toString(), logger });
    await store.close();
    expect(text()).toContain('store opened');
    expect(text()).toContain('password=***');
    for (const s of SECRETS) expect(text()).not.toContain(s);
  });

  it('says where it could not connect, without the credentials', async () => {
    const error = await openStore({ databaseUrl: 'postgres://bot:hunter2@127.0.0.1:1/finops?password=hunter3' }).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/^Cannot connect to PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/finops\?password=\*\*\*/);
    for (const s of SECRETS) expect(error?.message).not.toContain(s);
  });
});

describe('the doctor', () => {
  it('shows no credential in any check', async () => {
    const { logger } = capture();
    // A folder whose name reads like a connection string's password: the detail quotes it.
    const dir = join(mkdtempSync(join(tmpdir(), 'finops-doctor-')), 'password=hunter2');
    mkdirSync(dir);
    const rc = await loadRuntimeConfig({ dataPath: dir, env: {} });
    const report = await runDoctor(rc, { logger, now: Date.parse('2026-11-26T12:00:00Z') });
    expect(report.ok).toBe(false);
    const out = JSON.stringify(report);
    expect(out).toContain('***');
    for (const s of SECRETS) expect(out).not.toContain(s);
  });
});
