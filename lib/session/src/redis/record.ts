/**
 * A session row as a Redis hash: the same facts as the SQL columns, under one-letter field
 * names (they are repeated in every hash). Shared by the store and the object cache.
 *
 *   c customer id ("" for a guest)   l logins (JSON)   v value   e expiry   a active until
 *   n version   i items   b bytes   u last write (unix seconds)   t created
 */
import type { SessionRecord, SessionWrite } from "../store/port.js";
import { RedisReplyError } from "./errors.js";

/** The fields a record is read from, in this order (HMGET). */
export const RECORD_FIELDS = ["c", "l", "v", "e", "a", "n", "i", "b", "u"] as const;

/** A bulk-string reply: a string (or a Buffer with a client configured for them). */
export function text(reply: unknown, what: string): string {
  if (typeof reply === "string") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  throw new RedisReplyError(what, reply);
}

export function textOrNull(reply: unknown, what: string): string | null {
  return reply === null || reply === undefined ? null : text(reply, what);
}

/** An integer reply (or an integer sent as a string, as Lua numbers are). */
export function integer(reply: unknown, what: string): number {
  const n = typeof reply === "number" ? reply : typeof reply === "string" && /^-?\d+$/.test(reply) ? Number(reply) : NaN;
  if (!Number.isSafeInteger(n)) throw new RedisReplyError(what, reply);
  return n;
}

export function array(reply: unknown, what: string, length?: number): unknown[] {
  if (!Array.isArray(reply) || (length !== undefined && reply.length !== length)) throw new RedisReplyError(what, reply);
  return reply;
}

function logins(value: string, what: string): string[] {
  if (value === "[]") return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((id) => typeof id === "string")) return parsed as string[];
  } catch {
    // fall through: not what the store writes
  }
  throw new RedisReplyError(what, value);
}

/**
 * The record behind `values` (the RECORD_FIELDS in order), or null when the hash does not
 * exist. Every field is checked: a reply that is not a row this code wrote is an error,
 * never a session.
 */
export function toRecord(key: string, values: readonly unknown[], what: string): SessionRecord | null {
  if (values.length !== RECORD_FIELDS.length) throw new RedisReplyError(what, values);
  const [c, l, v, e, a, n, i, b, u] = values.map((x) => textOrNull(x, what));
  if (n === null || n === undefined) return null;
  if (c == null || l == null || v == null || e == null || a == null || i == null || b == null || u == null) throw new RedisReplyError(what, values);
  return {
    key,
    customerId: c === "" ? null : c,
    logins: logins(l, what),
    value: v,
    expiresAt: integer(e, what),
    activeUntil: integer(a, what),
    version: integer(n, what),
    items: integer(i, what),
    bytes: integer(b, what),
    updatedAt: integer(u, what),
  };
}

/** The fields of a record in RECORD_FIELDS order, as script arguments. */
export function recordArgs(record: SessionRecord): string[] {
  return [
    record.customerId ?? "",
    loginsText(record.logins),
    record.value,
    String(record.expiresAt),
    String(record.activeUntil),
    String(record.version),
    String(record.items ?? 0),
    String(record.bytes ?? Buffer.byteLength(record.value)),
    String(record.updatedAt ?? 0),
  ];
}

export function loginsText(ids: readonly string[]): string {
  return ids.length === 0 ? "[]" : JSON.stringify(ids);
}

/** The row a successful save leaves behind (what a load now returns). */
export function writtenRecord(write: SessionWrite, version: number): SessionRecord {
  return {
    key: write.key,
    customerId: write.customerId,
    logins: write.logins,
    value: write.value,
    expiresAt: write.expiresAt,
    activeUntil: write.activeUntil,
    version,
    items: write.items,
    bytes: write.bytes ?? Buffer.byteLength(write.value),
    updatedAt: write.now,
  };
}
