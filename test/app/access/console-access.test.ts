import { describe, expect, it } from 'vitest';
import { consoleAccess, consoleRequestAllowed, isLoopbackHost } from '../../../src/app/access/index.js';

describe('the console’s access', () => {
  it('knows loopback addresses from reachable ones', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '', '128.0.0.1', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('is an administrator on loopback, with the acting-user switch only when no chat is configured', () => {
    expect(consoleAccess({ listenHost: '127.0.0.1', accessConfigured: true, chatConfigured: false })).toEqual({ mode: 'loopback', admin: true, actingUserSwitch: true });
    expect(consoleAccess({ listenHost: '::1', accessConfigured: true, chatConfigured: true, token: 'x' })).toEqual({ mode: 'loopback', admin: true, actingUserSwitch: false });
  });

  it('is off when reachable from elsewhere with access control and no token, and says how to turn it on', () => {
    const access = consoleAccess({ listenHost: '0.0.0.0', accessConfigured: true, chatConfigured: true, token: '  ' });

    expect(access).toMatchObject({ mode: 'off', admin: false });
    expect(access.mode === 'off' && access.message).toMatch(/FINOPS_CONSOLE_TOKEN/);
    expect(consoleRequestAllowed(access, undefined)).toBe(false);
  });

  it('answers questions but decides nothing when reachable without access control or token', () => {
    const access = consoleAccess({ listenHost: '0.0.0.0', accessConfigured: false, chatConfigured: false });

    expect(access).toEqual({ mode: 'viewer', admin: false, actingUserSwitch: false });
    expect(consoleRequestAllowed(access, undefined)).toBe(true);
  });

  it('with a token, lets in only requests that carry it', () => {
    const access = consoleAccess({ listenHost: '0.0.0.0', accessConfigured: true, chatConfigured: true, token: 's3cret-token' });

    expect(access.mode).toBe('token');
    expect(consoleRequestAllowed(access, 'Bearer s3cret-token')).toBe(true);
    expect(consoleRequestAllowed(access, 'bearer s3cret-token ')).toBe(true);
    for (const h of [undefined, '', 'Bearer', 'Bearer s3cret-tokem', 'Bearer s3cret-token-longer', 's3cret-token', 'Basic s3cret-token']) {
      expect(consoleRequestAllowed(access, h), String(h)).toBe(false);
    }
  });
});
