/**
 * Peer for the HTTP benchmark: an iron-session cookie-only handler on node:http (the whole
 * cart lives in the sealed cookie; no database), doing the same cart push.
 *   node --import tsx bench/peers/iron-server.ts <port>
 */
import { createServer } from "node:http";
import { getIronSession } from "iron-session";

const port = Number(process.argv[2]);
type Cart = { cart?: { productId: string; quantity: number }[] };
const options = { password: "bench-iron-secret-bench-iron-secret-bench", cookieName: "cart", cookieOptions: { secure: false } };

createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/cart/items") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as { productId?: string; quantity?: number };
  const session = await getIronSession<Cart>(req, res, options);
  const cart = session.cart ?? [];
  const line = cart.find((l) => l.productId === body.productId);
  if (line) line.quantity = Math.min(999, line.quantity + (body.quantity ?? 1));
  else cart.push({ productId: String(body.productId), quantity: body.quantity ?? 1 });
  session.cart = cart;
  await session.save();
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: cart }));
}).listen(port, "127.0.0.1", () => process.send?.("ready"));
