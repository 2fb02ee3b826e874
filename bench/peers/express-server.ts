/**
 * Peer for the HTTP benchmark: Express 5 + express-session with a better-sqlite3 store,
 * doing the same cart push (add a line to the session's cart and save).
 *   node --import tsx bench/peers/express-server.ts <port> <sqlite file>
 */
import Database from "better-sqlite3";
import express from "express";
import session from "express-session";
import SqliteStoreFactory from "better-sqlite3-session-store";

const [port, file] = [Number(process.argv[2]), process.argv[3]!];
const SqliteStore = SqliteStoreFactory(session);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");

declare module "express-session" {
  interface SessionData {
    cart: { productId: string; quantity: number }[];
  }
}

const app = express();
app.use(express.json({ limit: "16kb" }));
app.use(
  session({
    store: new SqliteStore({ client: db, expired: { clear: false } }),
    secret: "bench-express-secret-bench-express-secret",
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax", maxAge: 172_800_000 },
  }),
);
app.post("/cart/items", (req, res) => {
  const body = req.body as { productId?: string; quantity?: number };
  const cart = req.session.cart ?? [];
  const line = cart.find((l) => l.productId === body.productId);
  if (line) line.quantity = Math.min(999, line.quantity + (body.quantity ?? 1));
  else cart.push({ productId: String(body.productId), quantity: body.quantity ?? 1 });
  req.session.cart = cart;
  res.json({ items: cart, itemCount: cart.reduce((s, l) => s + l.quantity, 0) });
});
app.listen(port, "127.0.0.1", () => process.send?.("ready"));
