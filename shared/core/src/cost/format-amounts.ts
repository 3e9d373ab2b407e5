/**
 * How cost figures are written in rule messages, notes and assumptions. Cost lines keep full
 * precision; rounding to cents happens only here, when a figure becomes text.
 */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "$1,234.56"; "-$0.06"; amounts that would round to $0.00 but are not zero keep two significant digits ("$0.0042"). */
export function formatUsd(amount: number): string {
  if (amount !== 0 && Math.abs(amount) < 0.005) {
    const sign = amount < 0 ? '-' : '';
    return `${sign}$${Number(Math.abs(amount).toPrecision(2)).toString()}`;
  }
  // Avoid "-$0.00" for tiny negative rounding noise.
  const rounded = Math.round(amount * 100) / 100;
  return usd.format(rounded === 0 ? 0 : rounded);
}

/** "$0.24–$2.40", or one figure when both ends round alike. */
export function formatUsdRange(low: number, high: number): string {
  const a = formatUsd(low);
  const b = formatUsd(high);
  return a === b ? a : `${a}–${b}`;
}

const counts = new Map<number, Intl.NumberFormat>();

/** "1,000,000"; fractions kept to `digits` places. One formatter per precision: toLocaleString builds one per call. */
export function formatCount(n: number, digits = 0): string {
  let f = counts.get(digits);
  if (!f) counts.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return f.format(n);
}

/** "476.84 GB" (GiB, as S3 bills). */
export function formatGiB(gib: number): string {
  return `${formatCount(gib, 2)} GB`;
}

/** "10 KB", "1 MB" (KiB/MiB), for object sizes. */
export function formatObjectSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${formatCount(bytes / 1024 ** 2, 2)} MB`;
  return `${formatCount(bytes / 1024, 1)} KB`;
}

/** "1 %" for a share such as 0.01. */
export function formatPercent(share: number): string {
  return `${formatCount(share * 100, 2)} %`;
}
