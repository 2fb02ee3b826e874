import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine } from "../cart.js";
import { createCartSessions } from "../next/index.js";
import { postgresStore } from "../postgres/index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "../testing/postgres.js";
import { TEST_SECRET } from "../test-helpers.js";
import { StoreLimiter } from "./limiter.js";

describe("StoreLimiter", () => {
  it("runs at most `limit` calls at once, first come first served, and refuses a wait beyond the bound as store_unavailable", async () => {
    const limiter = new StoreLimiter(2, 100);
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = [limiter.run(() => gate), limiter.run(() => gate)];
    const queued = [1, 2].map((n) => limiter.run(async () => void order.push(n)));
    expect(limiter.load).toEqual({ active: 2, waiting: 2 });
    release();
    await Promise.all([...held, ...queued]);
    expect(order).toEqual([1, 2]);
    expect(limiter.peak).toBe(2);
    const stuck = new Promise<void>(() => {});
    void limiter.run(() => stuck);
    void limiter.run(() => stuck);
    const started = performance.now();
    await expect(limiter.run(async () => "never")).rejects.toMatchObject({ code: "store_unavailable", retryAfter: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});

/** A TCP relay that counts the connections open through it (the store's connections to its endpoint). */
async function countingRelay(target: { host: string; port: number }) {
  let open = 0;
  let peak = 0;
  let total = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open++;
    total++;
    peak = Math.max(peak, open);
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const done = () => {
      if (!sockets.delete(client)) return;
      sockets.delete(upstream);
      open--;
      client.destroy();
      upstream.destroy();
    };
    client.on("close", done).on("error", done);
    upstream.on("close", done).on("error", done);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    figures: () => ({ open, peak, total }),
    /** Drops every connection (a restarted process has none in its pool) and starts counting anew. */
    restart: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      open = 0;
      peak = 0;
      total = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a restarted instance under load (Postgres over the Neon driver)", () => {
  let db: TestDatabase | undefined;
  let relay: Awaited<ReturnType<typeof countingRelay>> | undefined;
  let skip: string | null = null;
  beforeAll(async () => {
    skip = await postgresOrSkipReason();
    if (skip) return;
    db = await createTestDatabase();
    const [host, port] = db.neon.address.split(":");
    relay = await countingRelay({ host: host!, port: Number(port) });
    setLocalNeonEndpoint(relay.address);
  }, 60_000);
  afterAll(async () => {
    await relay?.close();
    await db?.drop();
  }, 60_000);

  const LIMIT = 16;
  const SHOPPERS = 200;
  const app = (storeConcurrency: number) => {
    const sessions = createCartSessions({
      store: () => postgresStore({ connectionString: db!.url, queryTimeoutMs: 10_000 }),
      secrets: TEST_SECRET,
      siteUrl: "http://localhost:3000",
      limits: { storeConcurrency, newSessionsPerAddress: false },
    });
    const add = sessions.route<unknown, { cart: unknown }>(async (_request, session) => {
      session.update("cart", (cart) => addLine(cart, "mug", 1));
      return Response.json({ items: session.getCartSummary().items });
    });
    return (cookie: string | undefined) =>
      add(new Request("http://localhost:3000/api/cart/items", { method: "POST", headers: { ...(cookie ? { cookie } : {}), "Idempotency-Key": randomUUID() } }), undefined);
  };

  it(`serves its first requests within 5 s with ${SHOPPERS} shoppers arriving at once, holding at most ${LIMIT} store connections`, async (context) => {
    if (skip) return context.skip(skip);
    // Shoppers with carts, made on a first instance.
    const warm = app(LIMIT);
    const cookies: string[] = [];
    for (let i = 0; i < SHOPPERS; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => warm(undefined)));
      for (const response of batch) {
        expect(response.status).toBe(200);
        cookies.push(response.headers.getSetCookie()[0]!.split(";")[0]!);
      }
    }
    // The restart: a new instance (cold: its store not yet opened, no pooled connection), every shopper at once.
    const burst = async (storeConcurrency: number) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      relay!.restart();
      const restarted = app(storeConcurrency);
      const started = performance.now();
      const times: number[] = [];
      const statuses = await Promise.all(
        cookies.map(async (cookie) => {
          const response = await restarted(cookie);
          times.push(performance.now() - started);
          return response.status;
        }),
      );
      times.sort((a, b) => a - b);
      return {
        shoppers: SHOPPERS,
        limit: storeConcurrency,
        firstMs: Math.round(times[0]!),
        medianMs: Math.round(times[Math.floor(times.length / 2)]!),
        lastMs: Math.round(times.at(-1)!),
        ok: statuses.filter((s) => s === 200).length,
        peakConnections: relay!.figures().peak,
      };
    };
    const figures = await burst(LIMIT);
    console.log(`[restart under load] ${JSON.stringify(figures)}`);
    expect(figures.firstMs).toBeLessThan(5_000);
    expect(figures.ok).toBe(SHOPPERS);
    expect(figures.peakConnections).toBeLessThanOrEqual(LIMIT);
    // For comparison (not a claim): the same burst with no practical limit.
    console.log(`[restart under load, no limit] ${JSON.stringify(await burst(10_000))}`);
  }, 120_000);
});
