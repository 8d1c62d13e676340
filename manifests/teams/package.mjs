// Builds the Teams app package to upload (sideload) or publish to the org catalogue:
//   MICROSOFT_APP_ID=<bot app id> BOT_DOMAIN=finops.example.com node manifests/teams/package.mjs [--out dist/teams-app.zip]
// It fills the placeholders of manifest.json ({{MICROSOFT_APP_ID}}, {{BOT_DOMAIN}}, and
// {{VERSION}} from package.json), checks the limits Teams enforces, and writes a ZIP
// with manifest.json, color.png and outline.png at its root. No zip binary needed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** Every problem with the environment at once, each saying how to fix it. */
function readSettings(env) {
  const problems = [];
  const appId = (env.MICROSOFT_APP_ID ?? '').trim();
  const domain = (env.BOT_DOMAIN ?? '').trim();
  if (!GUID.test(appId)) {
    problems.push(`MICROSOFT_APP_ID must be the bot's app registration id, a GUID such as 00000000-0000-0000-0000-000000000000 (Azure portal → your Azure Bot → Configuration), got ${JSON.stringify(appId.slice(0, 60))}`);
  }
  if (!HOST.test(domain)) {
    const hint = /^https?:\/\//i.test(domain) ? ' — leave out https:// and any path' : '';
    problems.push(`BOT_DOMAIN must be the host name the bot is served from, such as finops.example.com${hint}, got ${JSON.stringify(domain.slice(0, 80))}`);
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  if (!SEMVER.test(version)) problems.push(`package.json's version must be MAJOR.MINOR.PATCH for Teams, got ${JSON.stringify(version)}`);
  return { problems, values: { MICROSOFT_APP_ID: appId, BOT_DOMAIN: domain, VERSION: version } };
}

/** Width and height from a PNG's IHDR chunk, or null when it is not a PNG. */
function pngSize(buf) {
  if (buf.length < 24 || buf.toString('latin1', 1, 4) !== 'PNG' || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The limits Teams checks on upload (manifest schema v1.19), so a bad package fails here, not there. */
export function checkManifest(manifest, icons) {
  const problems = [];
  const max = (path, value, limit) => {
    if (typeof value !== 'string' || value.length === 0) problems.push(`${path} is missing`);
    else if (value.length > limit) problems.push(`${path} is ${value.length} characters; at most ${limit}`);
  };
  max('name.short', manifest.name?.short, 30);
  max('name.full', manifest.name?.full, 100);
  max('description.short', manifest.description?.short, 80);
  max('description.full', manifest.description?.full, 4000);
  for (const [i, bot] of (manifest.bots ?? []).entries()) {
    const lists = bot.commandLists ?? [];
    if (lists.length > 3) problems.push(`bots[${i}].commandLists has ${lists.length} lists; at most 3 (one per scope)`);
    for (const [j, list] of lists.entries()) {
      if (list.commands.length > 10) problems.push(`bots[${i}].commandLists[${j}] has ${list.commands.length} commands; at most 10`);
      for (const [k, c] of list.commands.entries()) {
        max(`bots[${i}].commandLists[${j}].commands[${k}].title`, c.title, 32);
        max(`bots[${i}].commandLists[${j}].commands[${k}].description`, c.description, 128);
      }
    }
  }
  const expected = { color: 192, outline: 32 };
  for (const [kind, side] of Object.entries(expected)) {
    const size = pngSize(icons[manifest.icons?.[kind]] ?? Buffer.alloc(0));
    if (!size || size.width !== side || size.height !== side) problems.push(`icons.${kind} must be a ${side}×${side} PNG, got ${size ? `${size.width}×${size.height}` : 'no PNG'}`);
  }
  return problems;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A ZIP archive of the entries: deflated (or stored when that is smaller), one
 * fixed timestamp so the same inputs always give the same bytes.
 */
export function zip(entries) {
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The package's bytes, or the list of problems that stop it. */
export function buildTeamsPackage(env) {
  const { problems, values } = readSettings(env);
  if (problems.length) return { problems };
  const template = readFileSync(join(here, 'manifest.json'), 'utf8');
  const text = template.replace(/\{\{(\w+)\}\}/g, (whole, key) => values[key] ?? whole);
  const left = text.match(/\{\{\w+\}\}/g);
  if (left) return { problems: [`manifest.json has placeholders this script does not fill: ${[...new Set(left)].join(', ')}`] };
  const manifest = JSON.parse(text);
  const icons = Object.fromEntries(['color', 'outline'].map((k) => [manifest.icons[k], readFileSync(join(here, manifest.icons[k]))]));
  const invalid = checkManifest(manifest, icons);
  if (invalid.length) return { problems: invalid };
  const entries = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') }, ...Object.entries(icons).map(([name, data]) => ({ name, data }))];
  return { zip: zip(entries), manifest };
}

function main(argv) {
  const at = argv.indexOf('--out');
  const out = resolve(at >= 0 && argv[at + 1] ? argv[at + 1] : join(root, 'dist', 'teams-app.zip'));
  const result = buildTeamsPackage(process.env);
  if (result.problems) {
    process.stderr.write(`Cannot build the Teams app package:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.zip);
  process.stdout.write(
    `Wrote ${out.startsWith(process.cwd()) ? relative(process.cwd(), out) : out} (manifest.json, color.png, outline.png; ${result.zip.length} bytes) for version ${result.manifest.version}.\n` +
      'Upload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app (or to your org\'s app catalogue).\n',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
