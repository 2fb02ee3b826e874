import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCartSessions } from "../next/index.js";
import { addLine } from "../cart.js";
import type { SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { SessionError } from "../errors.js";
import { createTestRedis, redisOrSkipReason, type TestRedis } from "../testing/redis.js";
import { TEST_SECRET } from "../test-helpers.js";
import { FaultProxy, junkServer, OwnRedisServer, redisServerAvailable } from "./faults.fixture.js";
import { redisStore } from "./index.js";

/*
 * Real faults between the engine and Redis: a redis-server killed and restarted, a proxy
 * that cuts connections or delays every reply, and bytes that are not RESP. In each, a
 * write fails as `store_unavailable` within the store's deadline (never a hang, never a
 * 500), nothing is acknowledged that is not stored, and the same store object serves again
 * once Redis does.
 */
const TIMEOUT_MS = 300;
let skip: string | null = null;
let redis: TestRedis;

beforeAll(async () => {
  skip = await redisOrSkipReason();
  redis = createTestRedis("faults");
});
afterAll(async () => {
  if (!skip) await redis.drop();
});

function engineOn(url: string): SessionEngine {
  return createSessionEngine({ store: redisStore({ url }, { keyPrefix: redis.prefix, timeoutMs: TIMEOUT_MS }), secrets: TEST_SECRET, siteUrl: "http://localhost:3000" });
}

/** One shopper adding one unit at a time; remembers what was acknowledged. */
class Shopper {
  cookie: SessionCookie | null = null;
  acked = 0;
  attempted = 0;
  readonly failures: string[] = [];
  constructor(private readonly engine: SessionEngine) {}

  async add(): Promise<"ok" | string> {
    this.attempted++;
    const started = performance.now();
    try {
      const cookie = this.cookie ?? (await this.engine.identify({})).cookie;
      const session = await this.engine.open(cookie, { writable: true });
      session.update("cart", (cart) => addLine(cart, "mug", 1));
      await session.save();
      this.cookie = session.cookie;
      this.acked++;
      return "ok";
    } catch (error) {
      const code = error instanceof SessionError ? error.code : `not a SessionError: ${String(error)}`;
      this.failures.push(code);
      // Never a hang: the store's deadline bounds every call of the request.
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 4 + 500);
      return code;
    }
  }

  async units(): Promise<number> {
    if (!this.cookie) return 0;
    return (await this.engine.open(this.cookie, { writable: false })).getCartSummary().items;
  }

  /**
   * A write cut after Redis applied it but before its reply arrived is stored without an
   * acknowledgement: the cart may hold more than was acknowledged, never less.
   */
  async expectNoAcknowledgedAddLost(): Promise<void> {
    const units = await this.units();
    expect(units).toBeGreaterThanOrEqual(this.acked);
    // Only a write answered outcome_unknown may have landed; store_unavailable means nothing changed.
    expect(units).toBeLessThanOrEqual(this.acked + this.failures.filter((code) => code === "outcome_unknown").length);
  }
}

/** An engine on Redis through a fault proxy of the test's own, closed (both) whatever happens. */
async function throughFaultProxy(run: (proxy: FaultProxy, engine: SessionEngine) => Promise<void>): Promise<void> {
  const proxy = await FaultProxy.start({ host: new URL(redis.url).hostname, port: Number(new URL(redis.url).port || 6379) });
  const engine = engineOn(proxy.url);
  try {
    await run(proxy, engine);
  } finally {
    await engine.close();
    await proxy.close();
  }
}

async function eventually(fn: () => Promise<boolean>, seconds = 15): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${seconds} s`);
}

describe("Redis faults", () => {
  it("a killed Redis: writes fail as store_unavailable at once, and the same store serves again after the restart", async (context) => {
    if (skip || !redisServerAvailable()) return context.skip();
    const server = await OwnRedisServer.start();
    const engine = engineOn(server.url);
    try {
      const shopper = new Shopper(engine);
      for (let i = 0; i < 5; i++) expect(await shopper.add()).toBe("ok");
      await server.kill();
      for (let i = 0; i < 5; i++) expect(await shopper.add()).toBe("store_unavailable");
      expect((await engine.health()).status).toBe("unavailable");
      await server.restart();
      // node-redis reconnects by itself; the first write after that succeeds.
      await eventually(async () => (await shopper.add()) === "ok");
      const before = shopper.acked;
      for (let i = 0; i < 5; i++) expect(await shopper.add()).toBe("ok");
      expect((await engine.health()).status).toBe("ok");
      // This server keeps nothing across a restart (--save '' --appendonly no): the cart
      // holds exactly what was acknowledged since, the first add after the restart included.
      expect(await shopper.units()).toBe(shopper.acked - before + 1);
      expect(new Set(shopper.failures)).toEqual(new Set(["store_unavailable"]));
    } finally {
      await engine.close();
      await server.kill();
    }
  }, 60_000);

  it("a cut network while adds run in parallel: every acknowledged add is in the cart after recovery", async (context) => {
    if (skip) return context.skip();
    await throughFaultProxy(async (proxy, engine) => {
      const shopper = new Shopper(engine);
      expect(await shopper.add()).toBe("ok");
      let running = true;
      const load = (async () => {
        while (running) {
          await Promise.all(Array.from({ length: 5 }, () => shopper.add()));
          // A refused connection fails without any I/O: let the timers of the test run.
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      proxy.set({ kind: "cut" });
      await new Promise((r) => setTimeout(r, 1_000));
      proxy.set({ kind: "forward" });
      await eventually(async () => (await shopper.add()) === "ok");
      await new Promise((r) => setTimeout(r, 300));
      running = false;
      await load;
      expect(shopper.failures.length).toBeGreaterThan(0);
      // A write cut after it was sent may have landed: outcome_unknown, never "nothing changed".
      expect(shopper.failures.filter((code) => code !== "store_unavailable" && code !== "outcome_unknown")).toEqual([]);
      await shopper.expectNoAcknowledgedAddLost();
    });
  }, 60_000);

  it("a slow Redis: a request fails as store_unavailable after the deadline instead of hanging, and succeeds once replies are quick again", async (context) => {
    if (skip) return context.skip();
    await throughFaultProxy(async (proxy, engine) => {
      const shopper = new Shopper(engine);
      for (let i = 0; i < 3; i++) expect(await shopper.add()).toBe("ok");
      proxy.set({ kind: "delay", ms: TIMEOUT_MS * 4 });
      const slow = await Promise.all(Array.from({ length: 5 }, () => shopper.add()));
      expect(slow).toEqual(Array(5).fill("store_unavailable"));
      proxy.set({ kind: "forward" });
      // The delayed replies drain first (in order), then writes are quick again.
      await eventually(async () => (await shopper.add()) === "ok");
      for (let i = 0; i < 3; i++) expect(await shopper.add()).toBe("ok");
      await shopper.expectNoAcknowledgedAddLost();
    });
  }, 60_000);

  it("bytes that are not RESP, mid-stream: store_unavailable, the garbled connection is dropped, and the same store recovers", async (context) => {
    if (skip) return context.skip();
    await throughFaultProxy(async (proxy, engine) => {
      const shopper = new Shopper(engine);
      for (let i = 0; i < 3; i++) expect(await shopper.add()).toBe("ok");
      proxy.set({ kind: "junk" });
      const garbled = await Promise.all(Array.from({ length: 5 }, () => shopper.add()));
      expect(garbled).toEqual(Array(5).fill("store_unavailable"));
      expect((await engine.health()).status).toBe("unavailable");
      proxy.set({ kind: "forward" });
      await eventually(async () => (await shopper.add()) === "ok");
      for (let i = 0; i < 3; i++) expect(await shopper.add()).toBe("ok");
      // Nothing sent while the stream was garbled reached Redis: exactly the acknowledged adds.
      expect(await shopper.units()).toBe(shopper.acked);
    });
  }, 60_000);

  it("a server that is not Redis at all: every call fails as store_unavailable within the deadline", async (context) => {
    if (skip) return context.skip();
    const junk = await junkServer();
    const engine = engineOn(junk.url);
    try {
      const shopper = new Shopper(engine);
      for (let i = 0; i < 3; i++) expect(await shopper.add()).toBe("store_unavailable");
      expect((await engine.health()).status).toBe("unavailable");
      expect(shopper.acked).toBe(0);
    } finally {
      await engine.close();
      await junk.close();
    }
  }, 30_000);

  it("an unreachable Redis at first use: store_unavailable at once, not after retries", async (context) => {
    if (skip || !redisServerAvailable()) return context.skip();
    const server = await OwnRedisServer.start();
    await server.kill();
    const engine = engineOn(server.url);
    try {
      const shopper = new Shopper(engine);
      const started = performance.now();
      expect(await shopper.add()).toBe("store_unavailable");
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
      await server.restart();
      expect(await shopper.add()).toBe("ok");
    } finally {
      await engine.close();
      await server.kill();
    }
  }, 30_000);

  it("a Redis stalled (SIGSTOP) across the deadline: a write answered store_unavailable never lands later, and keyed retries add exactly once", async (context) => {
    if (skip || !redisServerAvailable()) return context.skip();
    const server = await OwnRedisServer.start();
    const sessions = createCartSessions({
      store: redisStore({ url: server.url }, { keyPrefix: redis.prefix, timeoutMs: TIMEOUT_MS }),
      secrets: TEST_SECRET,
      siteUrl: "http://localhost:3000",
    });
    const route = sessions.route<unknown, { cart: unknown }>(async (_request, session) => {
      session.update("cart", (cart) => addLine(cart, "mug", 1));
      return Response.json({ key: session.getSessionKey() });
    });
    const send = (cookie: string | undefined, key: string) =>
      route(new Request("http://localhost:3000/api/cart/items", { method: "POST", headers: { ...(cookie ? { cookie } : {}), "Idempotency-Key": key } }), undefined);
    const adds: { refusals: string[]; replayed: boolean }[] = [];
    try {
      // Five shoppers, each with a session.
      const cookies: string[] = [];
      for (let i = 0; i < 5; i++) {
        const first = await send(undefined, randomUUID());
        expect(first.status).toBe(200);
        cookies.push(first.headers.getSetCookie()[0]!.split(";")[0]!);
      }
      let running = true;
      const shopper = async (cookie: string) => {
        const made = { n: 1 };
        while (running) {
          const key = randomUUID();
          const refusals: string[] = [];
          for (;;) {
            const response = await send(cookie, key);
            if (response.status === 200) {
              adds.push({ refusals, replayed: response.headers.get("idempotent-replayed") === "true" });
              made.n++;
              break;
            }
            expect(response.status).toBe(503);
            expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
            refusals.push(((await response.json()) as { error: { code: string } }).error.code);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
        return made.n;
      };
      const load = cookies.map((cookie) => shopper(cookie));
      await new Promise((r) => setTimeout(r, 300));
      server.pause();
      await new Promise((r) => setTimeout(r, TIMEOUT_MS * 5));
      server.resume();
      await new Promise((r) => setTimeout(r, 500));
      running = false;
      const made = await Promise.all(load);
      const refusals = adds.flatMap((a) => a.refusals);
      expect(refusals.filter((code) => code !== "store_unavailable" && code !== "outcome_unknown")).toEqual([]);
      // A replayed add had landed: it was told outcome_unknown first, never only store_unavailable.
      expect(adds.filter((a) => a.replayed && !a.refusals.includes("outcome_unknown"))).toEqual([]);
      // Wait out anything Redis could still be running, then count: exactly the adds made.
      await new Promise((r) => setTimeout(r, 500));
      for (const [i, cookie] of cookies.entries()) {
        const session = await sessions.readSession(new Request("http://localhost:3000/", { headers: { cookie } }));
        expect(session.getCartSummary().items, `shopper ${i}`).toBe(made[i]);
      }
      // Deterministically: a save sent to a stalled Redis. The request has loaded its session
      // when Redis stops; its save is written and unanswered: outcome_unknown, and it lands
      // when Redis resumes. The retry with the same key answers it, and adds nothing.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let loaded!: () => void;
      const opened = new Promise<void>((resolve) => (loaded = resolve));
      const gated = sessions.route<unknown, { cart: unknown }>(async (_request, session) => {
        loaded();
        await gate;
        session.update("cart", (cart) => addLine(cart, "mug", 1));
        return Response.json({ key: session.getSessionKey() });
      });
      const cookie = cookies[0]!;
      const key = randomUUID();
      const request = () => new Request("http://localhost:3000/api/cart/items", { method: "POST", headers: { cookie, "Idempotency-Key": key } });
      const stalled = gated(request(), undefined);
      await opened;
      server.pause();
      release();
      const unknown = await stalled;
      expect(unknown.status).toBe(503);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("outcome_unknown");
      server.resume();
      await new Promise((r) => setTimeout(r, 300));
      const units = async () => (await sessions.readSession(new Request("http://localhost:3000/", { headers: { cookie } }))).getCartSummary().items;
      expect(await units(), "the unconfirmed write landed when Redis resumed").toBe(made[0]! + 1);
      const retried = await gated(request(), undefined);
      expect(retried.status).toBe(200);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect(await units(), "the retry with the same key added nothing").toBe(made[0]! + 1);
      console.log(`[redis stall] ${JSON.stringify({ adds: adds.length, outcomeUnknown: refusals.filter((c) => c === "outcome_unknown").length, storeUnavailable: refusals.filter((c) => c === "store_unavailable").length, replayed: adds.filter((a) => a.replayed).length })}`);
    } finally {
      server.resume();
      await server.kill();
    }
  }, 60_000);
});
