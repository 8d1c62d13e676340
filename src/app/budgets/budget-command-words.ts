/**
 * Reading the words of a `/budget` sentence: quoted values (straight or curly quotes, as
 * Slack and phones type them), `key=value` options, amounts and dates.
 */

/** One word as typed (`raw`, quotes kept) and as meant (`text`, quotes removed). */
export interface Word {
  raw: string;
  text: string;
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '„': '“', "'": "'", '‘': '’', '«': '»' };

/**
 * Splits on white space, keeping a quoted part (`reason="two words"`, `"two words"`) in
 * its word. An unclosed quote runs to the end of the text.
 */
export function splitWords(input: string): Word[] {
  const words: Word[] = [];
  let raw = '';
  let text = '';
  let close: string | null = null;
  const flush = () => {
    if (raw) words.push({ raw, text });
    raw = '';
    text = '';
  };
  for (const ch of input) {
    if (close !== null) {
      if (ch === close || (close === '”' && ch === '"') || (close === '"' && ch === '”')) {
        close = null;
        raw += '"';
      } else {
        raw += ch;
        text += ch;
      }
      continue;
    }
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    // A quote opens at the start of a word or right after `=`/`:` (apostrophes inside words are letters).
    if (OPEN_QUOTES[ch] !== undefined && (raw === '' || /[=:]$/.test(raw))) {
      close = OPEN_QUOTES[ch]!;
      raw += '"';
      continue;
    }
    raw += ch;
    text += ch;
  }
  flush();
  return words;
}

/** `key=value` (the value as meant), or null. Keys are case-insensitive. */
export function option(word: Word): { key: string; value: string } | null {
  const m = /^([A-Za-z][\w-]*)=/.exec(word.text);
  return m ? { key: m[1]!.toLowerCase(), value: word.text.slice(m[0].length) } : null;
}

const AMOUNT = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/** `50000`, `50,000`, `1250.5` → `50000.00`-style text; null when it is not such an amount. */
export function amountOf(text: string): string | null {
  if (!AMOUNT.test(text)) return null;
  const [whole, frac = ''] = text.replace(/,/g, '').split('.');
  const trimmed = whole!.replace(/^0+(?=\d)/, '');
  if (trimmed.length > 13) return null;
  return `${trimmed}.${frac.padEnd(2, '0')}`;
}

/** A real calendar date `YYYY-MM-DD`, or null. */
export function dateOf(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? text : null;
}
