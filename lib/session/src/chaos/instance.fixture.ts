/**
 * One app instance for the chaos test (chaos.test.ts; a fixture, not built into the package): a plain Node HTTP server around the
 * engine's Route Handler binding (`createCartSessions(...).route`), the cart API of a shop
 * in three routes, so that several of them can run as separate processes on one store and
 * be killed with SIGKILL. Run with `node --import tsx`; configured by environment:
 * CHAOS_PORT, CHAOS_STORE (postgres | redis), CHAOS_DATABASE_URL + CHAOS_NEON (the local
 * Neon bridge), CHAOS_REDIS_URL, CHAOS_SECRET.
 *
 *   GET  /ping             200 without touching the store (is the process serving?)
 *   GET  /api/cart         the cart (Cart-Token or a new guest), with its Cart-Token
 *   POST /api/cart/items   { productId, quantity }: adds, saves, answers the cart as saved
 */
import http from "node:http";
import { addLine, cartLines } from "../cart.js";
import { createCartSessions, CART_TOKEN_HEADER, sessionErrorResponse } from "../next/index.js";
import { postgresStore } from "../postgres/index.js";
import { redisStore } from "../redis/index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";

const env = process.env;
if (env.CHAOS_NEON) setLocalNeonEndpoint(env.CHAOS_NEON);

const sessions = createCartSessions({
  store: () =>
    env.CHAOS_STORE === "redis"
      ? redisStore({ url: env.CHAOS_REDIS_URL as string }, { keyPrefix: "chaos:", timeoutMs: 1_000 })
      : postgresStore({ connectionString: env.CHAOS_DATABASE_URL as string, queryTimeoutMs: 2_000, migrate: false }),
  secrets: env.CHAOS_SECRET as string,
  siteUrl: "http://localhost",
  limits: { storeConcurrency: 16, newSessionsPerAddress: false },
});

type Cart = { cart: unknown };

const add = sessions.route<unknown, Cart>(async (request, session) => {
  const { productId, quantity } = (await request.json()) as { productId: string; quantity: number };
  session.update("cart", (cart) => addLine(cart, productId, quantity));
  // As the demo's cart API does: save first, so the body shows the cart as saved.
  await session.save();
  return Response.json({ lines: cartLines(session.get("cart")) }, { headers: { [CART_TOKEN_HEADER]: await sessions.sealCartToken(session.cookie) } });
});

async function read(request: Request): Promise<Response> {
  try {
    const session = await sessions.readSession<Cart>(request);
    return Response.json({ lines: cartLines(session.get("cart")) }, { headers: { [CART_TOKEN_HEADER]: await sessions.sealCartToken(session.cookie) } });
  } catch (error) {
    const answer = sessionErrorResponse(error);
    if (answer) return answer;
    throw error;
  }
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > 65_536) req.destroy();
    else chunks.push(chunk);
  });
  req.on("end", () => {
    void (async () => {
      const url = `http://localhost${req.url ?? "/"}`;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(url, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks) });
      let response: Response;
      try {
        const path = new URL(url).pathname;
        if (path === "/ping") response = new Response("ok");
        else if (path === "/api/cart" && req.method === "GET") response = await read(request);
        else if (path === "/api/cart/items" && req.method === "POST") response = await add(request, undefined);
        else response = new Response("not found", { status: 404 });
      } catch (error) {
        console.error("[chaos instance] handler threw", error);
        response = new Response("internal error", { status: 500 });
      }
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    })();
  });
});
server.listen(Number(env.CHAOS_PORT), "127.0.0.1");
