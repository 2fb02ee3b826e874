import { randomUUID } from "node:crypto";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import type Database from "better-sqlite3";
import { addLine, cartLines, summarizeCart, type CartLine } from "cartsession";
import { sqliteFile } from "../../db";
import { openSqliteFile } from "../../db/sqlite";
import { buildCartView } from "../../lib/cart/view";
import { requireProduct } from "../../lib/http/cart-api";
import { assertProductIdShape, parseAddItem } from "../../lib/http/cart-requests";
import { withCors } from "../../lib/http/cors";
import { jsonResponse, toErrorResponse } from "../../lib/http/errors";
import { readJsonBody } from "../../lib/http/json-body";
import { shopCatalog } from "../../lib/cart/shop-catalog";

/*
 * `npm run bench`'s in-framework peers: the same cart push as POST /api/cart/items, in this
 * app and on the same routing path, written the way a Next.js developer would without
 * cartsession. Equal work: the same body guard, validation, catalog lookups, cart JSON, CORS
 * headers and `cart_hash` / `items_in_cart` cookies; only where the cart lives (the session
 * machinery) differs. The ceiling does all of it and stores nothing. Compiled only into the
 * bench's build (the `route.bench.ts` files under app/).
 */

interface PlainCookies {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: { path: string; sameSite: "lax"; httpOnly: boolean; secure: boolean; maxAge: number }): unknown;
}

/** `cart_hash` / `items_in_cart` kept in step as the engine keeps them: set when they differ from what the browser sent. */
function keepCartCookies(jar: PlainCookies, lines: CartLine[], maxAge: number): void {
  const { cartHash, items } = summarizeCart(lines);
  if (items === 0) return;
  const plain = { path: "/", sameSite: "lax" as const, httpOnly: false, secure: false, maxAge };
  if (jar.get("cart_hash")?.value !== cartHash) jar.set("cart_hash", cartHash, plain);
  if (jar.get("items_in_cart")?.value !== "1") jar.set("items_in_cart", "1", plain);
}

async function parsedPush(request: Request) {
  const { productId, quantity } = parseAddItem(await readJsonBody(request));
  assertProductIdShape(productId);
  const catalog = await shopCatalog();
  await requireProduct(catalog, productId);
  return { productId, quantity, catalog };
}

/** The whole cart in an iron-session cookie (`getIronSession`): no database, a seal per push. */
export async function ironCookiePush(request: Request): Promise<Response> {
  try {
    const { productId, quantity, catalog } = await parsedPush(request);
    const session = await getIronSession<{ cart?: CartLine[] }>(await cookies(), {
      password: "bench-iron-peer-secret-bench-iron-peer-secret",
      cookieName: "iron_cart",
      cookieOptions: { secure: false, sameSite: "lax" },
    });
    session.cart = addLine(session.cart, productId, quantity);
    await session.save();
    keepCartCookies(await cookies(), session.cart, 172_800);
    return withCors(request, jsonResponse(await buildCartView(session.cart, catalog)));
  } catch (error) {
    return withCors(request, toErrorResponse(error));
  }
}

interface CartRows {
  find: Database.Statement<[string], { lines: string }>;
  insert: Database.Statement<[string, string, number]>;
  update: Database.Statement<[string, number, string]>;
}

let rows: Promise<CartRows> | undefined;

/** The peer's own connection to the demo's SQLite file (the same pragmas), with its statements prepared once. */
function cartRows(): Promise<CartRows> {
  rows ??= openSqliteFile(sqliteFile()).then((db) => {
    db.exec("CREATE TABLE IF NOT EXISTS bench_carts (id TEXT PRIMARY KEY, lines TEXT NOT NULL, updated_at INTEGER NOT NULL)");
    return {
      find: db.prepare("SELECT lines FROM bench_carts WHERE id = ?"),
      insert: db.prepare("INSERT INTO bench_carts (id, lines, updated_at) VALUES (?, ?, ?)"),
      update: db.prepare("UPDATE bench_carts SET lines = ?, updated_at = ? WHERE id = ?"),
    };
  });
  return rows;
}

/** Next.js Commerce's shape: a `cartId` cookie naming a cart row (here SQLite, the same file as the demo). */
export async function cartIdRowPush(request: Request): Promise<Response> {
  try {
    const { productId, quantity, catalog } = await parsedPush(request);
    const carts = await cartRows();
    const jar = await cookies();
    let id = jar.get("cartId")?.value;
    const row = id ? carts.find.get(id) : undefined;
    const lines = addLine(row ? cartLines(JSON.parse(row.lines)) : [], productId, quantity);
    const now = Math.floor(Date.now() / 1000);
    if (row && id) {
      carts.update.run(JSON.stringify(lines), now, id);
    } else {
      id = randomUUID();
      carts.insert.run(id, JSON.stringify(lines), now);
      jar.set("cartId", id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 172_800 });
    }
    keepCartCookies(jar, lines, 172_800);
    return withCors(request, jsonResponse(await buildCartView(lines, catalog)));
  } catch (error) {
    return withCors(request, toErrorResponse(error));
  }
}

/** The ceiling: the same body, validation, catalog lookup, cart JSON and CORS headers, and nothing stored. */
export async function ceilingPush(request: Request): Promise<Response> {
  try {
    const { productId, quantity, catalog } = await parsedPush(request);
    return withCors(request, jsonResponse(await buildCartView(addLine([], productId, quantity), catalog)));
  } catch (error) {
    return withCors(request, toErrorResponse(error));
  }
}
