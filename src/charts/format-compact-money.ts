/**
 * Axis labels like `$12.3k`, `€1.2M`, `-$950`. Intl's compact notation gives the symbol
 * and the scale; `K` is lowered to `k` as finance dashboards write it. An unknown
 * currency code falls back to `12.3k XYZ` rather than throwing on an axis label.
 */
export function formatCompactMoney(value: number, currency: string): string {
  if (!Number.isFinite(value)) return '';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 })
      .format(value)
      .replace(/K\b/, 'k');
  } catch {
    const text = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value).replace(/K\b/, 'k');
    return `${text} ${currency}`;
  }
}

/** The currency's symbol (`$`, `€`, `CHF`), for the QuickChart tick function, which cannot call Intl with our code. */
export function currencySymbol(currency: string): string {
  try {
    const part = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency');
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}
