import { randomUUID } from "node:crypto";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import type Database from "better-sqlite3";
import { addLine, cartLines, type CartLine } from "cartsession";
import { sqliteFile } from "../../db";
import { openSqliteFile } from "../../db/sqlite";
import { buildCartView } from "../../lib/cart/view";
import { requireProduct } from "../../lib/http/cart-api";
import { assertProductIdShape, parseAddItem } from "../../lib/http/cart-requests";
import { jsonResponse, toErrorResponse } from "../../lib/http/errors";
import { readJsonBody } from "../../lib/http/json-body";
import { catalog } from "../../lib/shop";

/*
 * `npm run bench`'s in-framework peers: the same cart push as POST /api/cart/items, in this
 * app and on the same routing path, written the way a Next.js developer would without
 * cartsession. Same body parsing, validation, catalog check and cart JSON; only where the
 * cart lives differs. Compiled only into the bench's build (the `route.bench.ts` files under app/).
 */

async function parsedPush(request: Request) {
  const { productId, quantity } = parseAddItem(await readJsonBody(request));
  assertProductIdShape(productId);
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
    return jsonResponse(await buildCartView(session.cart, catalog));
  } catch (error) {
    return toErrorResponse(error);
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
    return jsonResponse(await buildCartView(lines, catalog));
  } catch (error) {
    return toErrorResponse(error);
  }
}
