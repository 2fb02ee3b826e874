import { createHash } from "node:crypto";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";

type SqliteDatabase = Database.Database;

/** The admin API's bearer token and the cron secret of the test server (playwright.config.ts). */
export const ADMIN_API_TOKEN = "e2e-admin-api-token";
export const CRON_SECRET = "e2e-cron-secret-0123456789";

/**
 * A shopper (a fresh guest, unless `shopper` is given) puts `lines` in a cart; the admin API
 * hands out that cart's restore link (every non-empty cart is abandoned at once in the test
 * server). Returns the link and the cart's session key.
 */
export async function restoreLinkFor(
  newRequest: () => Promise<APIRequestContext>,
  lines: { productId: string; quantity: number }[],
  shopper?: APIRequestContext,
): Promise<{ url: string; path: string; token: string; sessionKey: string }> {
  const cart = shopper ?? (await newRequest());
  for (const line of lines) {
    const added = await cart.post("/api/cart/items", { data: line });
    if (added.status() !== 200) throw new Error(`adding ${line.productId} answered ${added.status()}`);
  }
  // A guest's customer id is its session key; a customer's, the account id.
  const session = (await (await cart.get("/api/session")).json()) as { customerId: string };
  if (!shopper) await cart.dispose();
  const admin = await newRequest();
  try {
    // Most recently active first: the cart just filled is on the first page.
    const body = (await (await admin.get("/api/admin/abandoned-carts?perPage=100", { headers: { authorization: `Bearer ${ADMIN_API_TOKEN}` } })).json()) as {
      carts: { sessionKey: string; customerId: string | null; restoreUrl: string }[];
    };
    const found = body.carts.find((c) => c.customerId === session.customerId || c.sessionKey === session.customerId);
    if (!found) throw new Error(`the admin API does not list the cart of ${session.customerId}`);
    const url = new URL(found.restoreUrl);
    return { url: found.restoreUrl, path: url.pathname, token: url.pathname.split("/").at(-1)!, sessionKey: found.sessionKey };
  } finally {
    await admin.dispose();
  }
}

/** The test server's database file (the webServer's CARTSESSION_DATA_DIR), opened beside the server (WAL). */
export function openTestDatabase(): SqliteDatabase {
  const db = new Database(path.join(process.env.E2E_DATA_DIR ?? ".data/e2e", "sessions.db"));
  db.pragma("busy_timeout = 10000");
  return db;
}

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** The stored row of a link, or undefined once it is deleted. */
export function linkRow(db: SqliteDatabase, token: string): { used_at: number | null; expires_at: number } | undefined {
  return db.prepare("SELECT used_at, expires_at FROM cart_restore_tokens WHERE token_hash = ?").all(tokenHash(token))[0] as { used_at: number | null; expires_at: number } | undefined;
}
