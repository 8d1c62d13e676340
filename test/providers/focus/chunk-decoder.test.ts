import { describe, expect, it } from 'vitest';
import { ChunkDecoder } from '../../../src/providers/focus/chunk-decoder.js';

describe('ChunkDecoder', () => {
  it('decodes multi-byte characters split at any byte across chunks', () => {
    const text = 'Müller,€,𝄞,日本,plain';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new ChunkDecoder('utf8');
      const out = d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end();
      expect(out, `cut at ${cut}`).toBe(text);
    }
  });

  it('decodes a byte-at-a-time stream', () => {
    const text = 'a€b𝄞c';
    const d = new ChunkDecoder('utf8');
    let out = '';
    for (const b of Buffer.from(text, 'utf8')) out += d.write(Buffer.from([b]));
    expect(out + d.end()).toBe(text);
  });

  it('turns a truncated character at the end into U+FFFD rather than dropping it', () => {
    const d = new ChunkDecoder('utf8');
    expect(d.write(Buffer.from([0x61, 0xe2, 0x82])) + d.end()).toBe('a\uFFFD');
  });
});
