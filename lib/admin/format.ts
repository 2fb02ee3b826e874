/** How the admin writes sizes and times: plain words, UTC, and "how long ago" beside the date. */

export function formatBytes(n: number | null): string {
  if (n === null) return "n/a";
  if (n < 1024) return `${n} B`;
  if (n < 1_048_576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1_048_576).toFixed(1)} MB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en");
}

/** "2026-11-25 14:05 UTC". */
export function formatUtc(unix: number): string {
  return new Date(unix * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", or "in 3 h" for times ahead. */
export function formatRelative(unix: number, now: number): string {
  const diff = now - unix;
  const ahead = diff < 0;
  const s = Math.abs(diff);
  let text: string;
  if (s < 60) return ahead ? "in under a minute" : "just now";
  if (s < 3600) text = `${Math.floor(s / 60)} min`;
  else if (s < 172_800) text = `${Math.floor(s / 3600)} h`;
  else text = `${Math.floor(s / 86_400)} days`;
  return ahead ? `in ${text}` : `${text} ago`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
