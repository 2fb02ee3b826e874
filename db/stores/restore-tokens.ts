import type { SqlClient } from "cartsession";

export interface RestoreToken {
  tokenHash: string;
  sessionKey: string;
  /** The cart lines as JSON. */
  cart: string;
  createdAt: number;
  expiresAt: number;
}

/** Single-use cart restore links (lib/admin/abandoned.ts); only the token's hash is stored. */
export class SqlRestoreTokens {
  constructor(private readonly client: SqlClient) {}

  async create(token: RestoreToken): Promise<void> {
    await this.client.run("INSERT INTO cart_restore_tokens (token_hash, session_key, cart, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [
      token.tokenHash,
      token.sessionKey,
      token.cart,
      token.createdAt,
      token.expiresAt,
    ]);
  }

  /** Marks the token used and returns its cart, atomically; null when used, expired or unknown. */
  async consume(tokenHash: string, now: number): Promise<string | null> {
    const [row] = await this.client.all(
      "UPDATE cart_restore_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING cart",
      [now, tokenHash, now],
    );
    return row ? String(row.cart) : null;
  }
}
