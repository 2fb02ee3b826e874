/** Plain-text tables and units for the sessions CLI. */

export function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A span of seconds as `2d 3h`, `47m` or `12s`. */
export function span(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s >= 86_400) return s % 86_400 < 3_600 ? `${Math.floor(s / 86_400)}d` : `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3_600)}h`;
  if (s >= 3_600) return s % 3_600 < 60 ? `${Math.floor(s / 3_600)}h` : `${Math.floor(s / 3_600)}h ${Math.floor((s % 3_600) / 60)}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

/** `2026-11-26 19:17:54Z (in 1d 23h)` or `… (expired 2h 5m ago)`. */
export function expiry(unixSeconds: number, now: number): string {
  const at = new Date(unixSeconds * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  return unixSeconds > now ? `${at} (in ${span(unixSeconds - now)})` : `${at} (expired ${span(now - unixSeconds)} ago)`;
}

export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
