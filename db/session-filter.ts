// issue 16 additions: the WHERE clause behind SessionStore.countSessions / listSessions, for
// both stores (only the placeholders and the guest test differ).
import type { SessionFilter, SessionStatus } from "../lib/session/store";

/** An expiry range `lo < session_expiry <= hi` (null: unbounded on that side). */
type Range = { lo: number | null; hi: number | null };

/**
 * The row expiries a set of statuses covers for one kind of session with `lifetime`: a row
 * is kept one lifetime past its cookie's end (rowExpiryFor), so expired is `expiry <= now`,
 * ended is `now < expiry <= now + lifetime` and active is `expiry > now + lifetime`.
 * Adjacent statuses merge, so e.g. active or ended is the single range `expiry > now`.
 */
export function expiryRanges(statuses: readonly SessionStatus[], now: number, lifetime: number): Range[] {
  const order: [SessionStatus, Range][] = [
    ["expired", { lo: null, hi: now }],
    ["ended", { lo: now, hi: now + lifetime }],
    ["active", { lo: now + lifetime, hi: null }],
  ];
  const ranges: Range[] = [];
  for (const [status, range] of order) {
    if (!statuses.includes(status)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.hi === range.lo) last.hi = range.hi;
    else ranges.push({ ...range });
  }
  return ranges;
}

export interface FilterDialect {
  /** SQL that is true for guest keys (`t_…`). */
  guest: string;
  /** The placeholder for the next parameter, after pushing it. */
  bind: (value: number, params: number[]) => string;
}

/** SQLite: a range on the key's unique index (BINARY collation), so guests and customers are index lookups. */
export const SQLITE_FILTER: FilterDialect = { guest: "(session_key >= 't_' AND session_key < 't`')", bind: (v, p) => (p.push(v), "?") };
export const PG_FILTER: FilterDialect = { guest: "session_key LIKE 't\\_%'", bind: (v, p) => `$${p.push(v)}` };

export function sessionFilterSql(filter: SessionFilter, dialect: FilterDialect): { where: string; params: number[] } {
  const params: number[] = [];
  const bind = (value: number) => dialect.bind(value, params);
  const parts: string[] = [];
  const rangeSql = (ranges: Range[]) =>
    ranges.length === 0
      ? "0 = 1"
      : ranges
          .map(({ lo, hi }) => [lo === null ? null : `session_expiry > ${bind(lo)}`, hi === null ? null : `session_expiry <= ${bind(hi)}`].filter(Boolean).join(" AND ") || "1 = 1")
          .map((s) => `(${s})`)
          .join(" OR ");
  if (filter.kind) parts.push(filter.kind === "guest" ? dialect.guest : `NOT ${dialect.guest}`);
  if (filter.status && filter.status.length > 0 && new Set(filter.status).size < 3) {
    const guests = expiryRanges(filter.status, filter.now, filter.guestLifetime);
    const customers = expiryRanges(filter.status, filter.now, filter.userLifetime);
    const same = JSON.stringify(guests) === JSON.stringify(customers);
    if (filter.kind === "guest" || (same && filter.kind !== "customer")) parts.push(`(${rangeSql(guests)})`);
    else if (filter.kind === "customer") parts.push(`(${rangeSql(customers)})`);
    else parts.push(`((${dialect.guest} AND (${rangeSql(guests)})) OR (NOT ${dialect.guest} AND (${rangeSql(customers)})))`);
  }
  if (filter.cart) parts.push(filter.cart === "open" ? "session_items > 0" : "session_items = 0");
  if (filter.idleSince !== undefined) parts.push(`session_updated < ${bind(filter.idleSince)}`);
  return { where: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}
