import { randomUUID } from "node:crypto";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { addLine, cartLines, type CartLine } from "cartsession";
import { demoDatabase } from "../../db";
import { benchEnabled } from "../bench-counter";
import { shopCatalog } from "../cart/shop-catalog";
import { buildCartView } from "../cart/view";
import { requireProduct } from "../http/cart-api";
import { assertProductIdShape, parseAddItem } from "../http/cart-requests";
import { jsonResponse, toErrorResponse } from "../http/errors";
import { readJsonBody } from "../http/json-body";

/*
 * `npm run bench`'s in-framework peers: the same cart push as POST /api/cart/items, in this
 * app and on the same routing path, written the way a Next.js developer would without
 * cartsession. Same body parsing, validation, catalog check and cart JSON; only where the
 * cart lives differs. A 404 unless CARTSESSION_BENCH=1.
 */

const notFound = () => new Response("Not found", { status: 404 });

async function parsedPush(request: Request) {
  const { productId, quantity } = parseAddItem(await readJsonBody(request));
  assertProductIdShape(productId);
  const catalog = await shopCatalog();
  await requireProduct(catalog, productId);
  return { productId, quantity, catalog };
}

/** The whole cart in an iron-session cookie (`getIronSession`): no database, a seal per push. */
export async function ironCookiePush(request: Request): Promise<Response> {
  if (!benchEnabled()) return notFound();
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

let table: Promise<void> | undefined;

/** Next.js Commerce's shape: a `cartId` cookie naming a cart row (here SQLite, the same file as the demo). */
export async function cartIdRowPush(request: Request): Promise<Response> {
  if (!benchEnabled()) return notFound();
  try {
    const { productId, quantity, catalog } = await parsedPush(request);
    const { client } = await demoDatabase();
    table ??= client.run("CREATE TABLE IF NOT EXISTS bench_carts (id TEXT PRIMARY KEY, lines TEXT NOT NULL, updated_at INTEGER NOT NULL)").then(() => undefined);
    await table;
    const jar = await cookies();
    let id = jar.get("cartId")?.value;
    const [row] = id ? await client.all("SELECT lines FROM bench_carts WHERE id = ?", [id]) : [];
    const lines = addLine(row ? cartLines(JSON.parse(String(row.lines))) : [], productId, quantity);
    const now = Math.floor(Date.now() / 1000);
    if (row && id) {
      await client.run("UPDATE bench_carts SET lines = ?, updated_at = ? WHERE id = ?", [JSON.stringify(lines), now, id]);
    } else {
      id = randomUUID();
      await client.run("INSERT INTO bench_carts (id, lines, updated_at) VALUES (?, ?, ?)", [id, JSON.stringify(lines), now]);
      jar.set("cartId", id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 172_800 });
    }
    return jsonResponse(await buildCartView(lines, catalog));
  } catch (error) {
    return toErrorResponse(error);
  }
}
