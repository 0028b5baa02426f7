const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const twoDigits = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** A whole number with thousands separators: 12,345. */
export function count(value: number): string {
  return integer.format(value);
}

/** Bytes with an SI unit: 512 B, 12.3 kB, 4.0 MB. */
export function bytes(value: number): string {
  if (value < 1000) return `${integer.format(value)} B`;
  if (value < 1e6) return `${decimal.format(value / 1e3)} kB`;
  if (value < 1e9) return `${decimal.format(value / 1e6)} MB`;
  return `${decimal.format(value / 1e9)} GB`;
}

/** A rate per second with a unit: '3.0 tx/s', '12.3 kB/s'. */
export function rate(value: number, unit: 'tx' | 'views' | 'bytes'): string {
  if (unit === 'bytes') return `${bytes(value)}/s`;
  return `${value >= 100 ? integer.format(value) : twoDigits.format(value)} ${unit}/s`;
}

/** A duration from milliseconds: '412 ms', '1.4 s', '3 min 2 s'. */
export function duration(ms: number): string {
  if (ms < 1000) return `${integer.format(Math.max(0, ms))} ms`;
  if (ms < 60_000) return `${decimal.format(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${decimal.format(ms / 3_600_000)} h`;
}

/** How long ago `atMs` was, relative to `nowMs`: '3 s ago'. */
export function ago(atMs: number, nowMs: number): string {
  const ms = nowMs - atMs;
  if (ms < 1000) return 'just now';
  return `${duration(Math.round(ms / 1000) * 1000)} ago`;
}

/** A local wall-clock time: '14:03:22'. */
export function clock(atMs: number): string {
  return new Date(atMs).toLocaleTimeString('en-GB', { hour12: false });
}

/** A full local date and time: '2026-12-02 14:03:22'. */
export function dateTime(atMs: number): string {
  const d = new Date(atMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(atMs)}`;
}

/** A 0x hash shortened for a table cell: 0x1234…cdef. The full value goes in a title or the detail page. */
export function shortHash(hex: string, keep = 6): string {
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

/** The byte length of standard base64 text. */
export function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** The first `max` bytes of base64 text as hex, with '…' when there is more. */
export function base64Preview(text: string, max = 16): string {
  const raw = atob(text);
  let hex = '0x';
  for (let i = 0; i < Math.min(raw.length, max); i++) hex += raw.charCodeAt(i).toString(16).padStart(2, '0');
  return raw.length > max ? `${hex}…` : hex;
}
