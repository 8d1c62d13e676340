import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../manifests/teams/package.mjs', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../../manifests/teams/manifest.json', import.meta.url));
const APP_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads a ZIP through its central directory, checking every entry's CRC (an independent reader, not the writer's). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

async function build(env: Record<string, string>, out = join(dir, 'teams-app.zip')) {
  const { stdout } = await run(process.execPath, [SCRIPT, '--out', out], { env: { PATH: process.env.PATH ?? '', ...env } });
  return { stdout, zip: readFileSync(out) };
}

async function refused(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [SCRIPT, '--out', join(dir, 'never.zip')], { env: { PATH: process.env.PATH ?? '', ...env } });
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
  throw new Error('package.mjs succeeded where it should have refused');
}

describe('manifests/teams/package.mjs', () => {
  it('writes a ZIP with manifest.json and the two icons at its root, placeholders filled', async () => {
    const { stdout, zip } = await build({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'finops.example.com' });

    expect(stdout).toMatch(/Upload a custom app/);
    const files = unzip(zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const text = files.get('manifest.json')!.toString('utf8');
    expect(text).not.toMatch(/\{\{/);
    const m = JSON.parse(text);
    expect(m).toMatchObject({
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json',
      manifestVersion: '1.19',
      id: APP_ID,
      version: JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version,
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['finops.example.com'],
      developer: { websiteUrl: 'https://finops.example.com/' },
    });
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
  });

  it('keeps within the limits Teams enforces', async () => {
    const m = JSON.parse(unzip((await build({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'finops.example.com' })).zip).get('manifest.json')!.toString('utf8'));
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    const lists = m.bots[0].commandLists as { scopes: string[]; commands: { title: string; description: string }[] }[];
    expect(lists.length).toBeLessThanOrEqual(3);
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const l of lists) {
      expect(l.commands.length).toBeLessThanOrEqual(10);
      for (const c of l.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
      expect(l.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['cost', 'help']));
    }
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is only white and transparent', async () => {
    const files = unzip((await build({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'finops.example.com' })).zip);
    const color = await loadImage(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = await loadImage(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const ctx = createCanvas(32, 32).getContext('2d');
    ctx.drawImage(outline, 0, 0);
    const px = ctx.getImageData(0, 0, 32, 32).data;
    let opaque = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] === 0) continue;
      opaque++;
      expect([px[i], px[i + 1], px[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(opaque).toBeGreaterThan(50);
  });

  it('gives the same bytes for the same inputs', async () => {
    const env = { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'finops.example.com' };
    const a = await build(env, join(dir, 'a.zip'));
    const b = await build(env, join(dir, 'b.zip'));
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('refuses without the app id and domain, naming both and how to fix them (exit 2)', async () => {
    const { code, stderr } = await refused({});
    expect(code).toBe(2);
    expect(stderr).toMatch(/MICROSOFT_APP_ID must be the bot's app registration id, a GUID/);
    expect(stderr).toMatch(/BOT_DOMAIN must be the host name/);
  });

  it('refuses a URL or a hostile value as BOT_DOMAIN, and an app id that is not a GUID', async () => {
    expect((await refused({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'https://finops.example.com/bot' })).stderr).toMatch(/leave out https:\/\/ and any path/);
    expect((await refused({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'evil.com", "x": "{{' })).stderr).toMatch(/BOT_DOMAIN must be the host name/);
    expect((await refused({ MICROSOFT_APP_ID: 'my-bot', BOT_DOMAIN: 'finops.example.com' })).stderr).toMatch(/got "my-bot"/);
  });

  it('keeps the committed template valid JSON with only the known placeholders', () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
    expect([...new Set(text.match(/\{\{\w+\}\}/g))].sort()).toEqual(['{{BOT_DOMAIN}}', '{{MICROSOFT_APP_ID}}', '{{VERSION}}']);
  });
});
