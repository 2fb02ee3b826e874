import type { SqlClient, SqlParam, SqlRow } from "cartsession";

/** One stored restore link (db/schema: cart_restore_tokens). Everything about the cart is in `payload`. */
export interface RestoreTokenRow {
  /** SHA-256 of the token: the only form of the token that is stored. */
  tokenHash: string;
  /** SHA-256 of the cart's session key: one live link per value. */
  cartRef: string;
  /** Keyed hash of the customer id (GDPR erasure), null for a guest's cart. */
  customerRef: string | null;
  /** The engine codec's encoding of the link's contents (encrypted with SESSION_ENC_KEY). */
  payload: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** Hash of the session that restored it. */
  usedBy: string | null;
}

const COLUMNS = "token_hash, cart_ref, customer_ref, payload, created_at, expires_at, used_at, used_by";

function toRow(row: SqlRow): RestoreTokenRow {
  const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    tokenHash: String(row.token_hash),
    cartRef: String(row.cart_ref),
    customerRef: row.customer_ref === null || row.customer_ref === undefined ? null : String(row.customer_ref),
    payload: String(row.payload),
    // Postgres bigint columns arrive as strings over the Neon driver.
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: optionalNumber(row.used_at),
    usedBy: row.used_by === null || row.used_by === undefined ? null : String(row.used_by),
  };
}

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** Most values bound in one `IN (…)` list (SQLite allows 32,766 parameters; Postgres 65,535). */
const IN_CHUNK = 1_000;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(values.slice(i, i + IN_CHUNK));
  return out;
}

/**
 * The restore links table: SQL only, the same statements on SQLite and Postgres. What a row
 * means (tokens, payloads, who may see what) is lib/restore-links' business.
 */
export class SqlRestoreTokens {
  constructor(private readonly client: SqlClient) {}

  async find(tokenHash: string): Promise<RestoreTokenRow | null> {
    const [row] = await this.client.all(`SELECT ${COLUMNS} FROM cart_restore_tokens WHERE token_hash = ?`, [tokenHash]);
    return row ? toRow(row) : null;
  }

  /** The live (unused, unexpired) links of these carts. */
  async liveForCarts(cartRefs: readonly string[], now: number): Promise<RestoreTokenRow[]> {
    const rows: RestoreTokenRow[] = [];
    for (const part of chunks([...new Set(cartRefs)])) {
      const found = await this.client.all(
        `SELECT ${COLUMNS} FROM cart_restore_tokens WHERE cart_ref IN (${placeholders(part)}) AND used_at IS NULL AND expires_at > ?`,
        [...part, now],
      );
      rows.push(...found.map(toRow));
    }
    return rows;
  }

  /**
   * Stores a new live link unless its cart already has one (the unique index on live links
   * per cart decides, so two concurrent calls store one). An expired, unused link of the
   * cart is deleted first: it would otherwise hold the cart's place. True when stored.
   */
  async insertLive(row: Omit<RestoreTokenRow, "usedAt" | "usedBy">, now: number): Promise<boolean> {
    const { rows } = await this.client.transaction([
      { sql: "DELETE FROM cart_restore_tokens WHERE cart_ref = ? AND used_at IS NULL AND expires_at <= ?", params: [row.cartRef, now] },
      {
        sql: "INSERT INTO cart_restore_tokens (token_hash, cart_ref, customer_ref, payload, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING token_hash",
        params: [row.tokenHash, row.cartRef, row.customerRef, row.payload, row.createdAt, row.expiresAt],
      },
    ]);
    return rows.length > 0;
  }

  /** Replaces a live link's payload (the cart changed since it was made); false when it is no longer live. */
  async updateLivePayload(tokenHash: string, payload: string, customerRef: string | null, now: number): Promise<boolean> {
    return (
      (await this.client.run("UPDATE cart_restore_tokens SET payload = ?, customer_ref = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?", [
        payload,
        customerRef,
        tokenHash,
        now,
      ])) > 0
    );
  }

  /** Deletes one link (e.g. one whose token can no longer be derived). */
  async delete(tokenHash: string): Promise<boolean> {
    return (await this.client.run("DELETE FROM cart_restore_tokens WHERE token_hash = ?", [tokenHash])) > 0;
  }

  /**
   * Marks a live link used and returns it, in one statement: of two concurrent calls exactly
   * one gets the row. Null when it is used, expired or unknown.
   */
  async consume(tokenHash: string, usedBy: string, now: number): Promise<RestoreTokenRow | null> {
    const [row] = await this.client.all(
      `UPDATE cart_restore_tokens SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING ${COLUMNS}`,
      [now, usedBy, tokenHash, now],
    );
    return row ? toRow(row) : null;
  }

  /**
   * Undoes `consume` when the restore could not be saved. Refused (false) when the cart has
   * a new live link meanwhile: the unique index allows one, and that one stands.
   */
  async release(tokenHash: string, usedAt: number): Promise<boolean> {
    try {
      return (await this.client.run("UPDATE cart_restore_tokens SET used_at = NULL, used_by = NULL WHERE token_hash = ? AND used_at = ?", [tokenHash, usedAt])) > 0;
    } catch {
      return false;
    }
  }

  /** Deletes every link of these carts or customers (GDPR erasure); how many went. */
  async deleteOwned(cartRefs: readonly string[], customerRefs: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const [column, values] of [
      ["cart_ref", cartRefs],
      ["customer_ref", customerRefs],
    ] as const) {
      for (const part of chunks([...new Set(values)])) {
        deleted += await this.client.run(`DELETE FROM cart_restore_tokens WHERE ${column} IN (${placeholders(part)})`, part as SqlParam[]);
      }
    }
    return deleted;
  }

  /** The links of these customers (GDPR access). */
  async ownedBy(customerRefs: readonly string[]): Promise<RestoreTokenRow[]> {
    if (customerRefs.length === 0) return [];
    const rows = await this.client.all(`SELECT ${COLUMNS} FROM cart_restore_tokens WHERE customer_ref IN (${placeholders(customerRefs)}) ORDER BY created_at`, [...customerRefs]);
    return rows.map(toRow);
  }

  /** Deletes used links and expired ones (the cleanup route); how many went. Each DELETE uses its own index. */
  async deleteSpent(now: number): Promise<number> {
    const used = await this.client.run("DELETE FROM cart_restore_tokens WHERE used_at IS NOT NULL");
    const expired = await this.client.run("DELETE FROM cart_restore_tokens WHERE expires_at <= ?", [now]);
    return used + expired;
  }
}
