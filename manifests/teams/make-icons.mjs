// Draws the Teams app icons (committed as PNGs; run again only to change them):
//   node manifests/teams/make-icons.mjs
// color.png: 192×192, full colour. outline.png: 32×32, white on transparent (Teams' rule).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';

const here = dirname(fileURLToPath(import.meta.url));

/** Three rising bars (spend by group) on a baseline: the bot's mark, drawn in a size×size box. */
function drawBars(ctx, size, color) {
  const unit = size / 32;
  ctx.fillStyle = color;
  const bars = [
    { x: 6, h: 9 },
    { x: 13.5, h: 15 },
    { x: 21, h: 21 },
  ];
  for (const b of bars) ctx.fillRect(b.x * unit, (27 - b.h) * unit, 5 * unit, b.h * unit);
  ctx.fillRect(4 * unit, 27 * unit, 24 * unit, 2 * unit);
}

function colorIcon() {
  const size = 192;
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#0F6CBD';
  ctx.fillRect(0, 0, size, size);
  // The mark takes the middle two thirds, as Teams' icon guidance asks.
  ctx.save();
  ctx.translate(32, 32);
  drawBars(ctx, 128, '#FFFFFF');
  ctx.restore();
  return canvas.toBuffer('image/png');
}

function outlineIcon() {
  const size = 32;
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, size, size);
  drawBars(ctx, size, '#FFFFFF');
  return canvas.toBuffer('image/png');
}

writeFileSync(join(here, 'color.png'), colorIcon());
writeFileSync(join(here, 'outline.png'), outlineIcon());
console.log('wrote manifests/teams/color.png (192×192) and outline.png (32×32)');
