import { context, metrics, trace, type Attributes } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader, type DataPoint } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addLine, type CartLine } from "./cart.js";
import { manualClock } from "./clock.js";
import { storeUnavailable } from "./errors.js";
import { createCartSessions, type CartSessions, type CartSessionsOptions } from "./next/index.js";
import { postgresStore } from "./postgres/index.js";
import type { SessionStore } from "./store/port.js";
import { METRIC, SPAN, setOtelApiImporter } from "./telemetry.js";
import { T0, tempSqlite, TEST_SECRET, type TempSqlite } from "./test-helpers.js";
import { setLocalNeonEndpoint } from "./testing/local-neon.js";
import { createTestDatabase, postgresOrSkipReason } from "./testing/postgres.js";

/*
 * Spans and metrics with the SDK's in-memory exporter and a manual metric reader
 * (docs/observability.md). Server Actions run the real `withSession` path: `cookies()`,
 * `headers()` and `connection()` are replaced by a request's cookie jar, since there is no
 * Next.js request scope in a unit test; everything after them is the engine's own code.
 */
const request = vi.hoisted(() => ({
  cookies: new Map<string, string>(),
  headers: new Headers(),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) as string } : undefined),
    set: (name: string, value: string, options?: { maxAge?: number }) => {
      if (options?.maxAge === 0) request.cookies.delete(name);
      else request.cookies.set(name, value);
    },
  }),
  headers: async () => request.headers,
}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => undefined }));

const SITE = "https://shop.example";
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const contextManager = new AsyncLocalStorageContextManager();

class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
let reader: TestReader;

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(tracerProvider);
});
beforeEach(() => {
  spans.reset();
  metrics.disable();
  reader = new TestReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  request.cookies.clear();
  request.headers = new Headers();
});
afterAll(() => {
  trace.disable();
  metrics.disable();
  context.disable();
});

/** name → [attributes, value] of every data point of metric `name`. */
async function points(name: string): Promise<{ attributes: Attributes; value: unknown }[]> {
  const { resourceMetrics } = await reader.collect();
  const found = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).filter((m) => m.descriptor.name === name);
  return found.flatMap((m) => (m.dataPoints as DataPoint<unknown>[]).map((p) => ({ attributes: p.attributes, value: p.value })));
}
const sum = (list: { value: unknown }[]) => list.reduce((total, p) => total + (p.value as number), 0);

interface Node {
  name: string;
  children: Node[];
}
/** The finished spans as a tree of names, children in start order. */
function tree(list: ReadableSpan[] = spans.getFinishedSpans()): Node[] {
  const byStart = [...list].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const ids = new Set(byStart.map((s) => s.spanContext().spanId));
  const node = (span: ReadableSpan): Node => ({
    name: span.name,
    children: byStart.filter((c) => c.parentSpanContext?.spanId === span.spanContext().spanId).map(node),
  });
  return byStart.filter((s) => !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId)).map(node);
}
const named = (name: string) => spans.getFinishedSpans().filter((s) => s.name === name);

/** Runs `fn` inside a span standing for Next.js's own request span. */
function inRequestSpan<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return trace.getTracer("next.js").startActiveSpan(name, async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

type Cart = { cart: CartLine[] };

function cartApi(sessions: CartSessions) {
  return sessions.route<unknown, Cart>(async (_request, session) => {
    session.update("cart", (cart) => addLine(cart, "linen-apron", 1));
    return new Response(null, { status: 204 });
  });
}
const post = (headers: Record<string, string> = {}) => new Request(`${SITE}/api/cart/items`, { method: "POST", headers });
/** The `name=value` pairs of a response's Set-Cookie headers, as a request's Cookie header. */
const cookieHeader = (response: Response) => response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");

interface StoreCase {
  name: string;
  dbSystem: string;
  open(): Promise<{ store: SessionStore; dispose(): Promise<void> } | null>;
}
const STORES: StoreCase[] = [
  {
    name: "sqlite",
    dbSystem: "sqlite",
    async open() {
      const env = await tempSqlite();
      return { store: env.store, dispose: () => env.dispose() };
    },
  },
  {
    name: "postgres",
    dbSystem: "postgresql",
    async open() {
      if (await postgresOrSkipReason()) return null;
      const db = await createTestDatabase();
      try {
        setLocalNeonEndpoint(db.neon.address);
        const store = await postgresStore({ connectionString: db.url });
        return {
          store,
          async dispose() {
            await store.close?.();
            await db.drop();
          },
        };
      } catch (error) {
        await db.drop();
        throw error;
      }
    },
  },
];

describe.each(STORES)("an add-to-cart request's span tree on $name", (storeCase) => {
  let opened: { store: SessionStore; dispose(): Promise<void> } | null = null;
  beforeAll(async () => {
    opened = await storeCase.open();
  }, 60_000);
  afterAll(async () => {
    await opened?.dispose();
  }, 60_000);

  it("through a Route Handler (sessions.route): request → load → save, with the store, outcome and retries", async (test) => {
    if (!opened) return test.skip();
    const sessions = createCartSessions({ store: opened.store, secrets: TEST_SECRET, siteUrl: SITE });
    const push = cartApi(sessions);
    const first = await inRequestSpan("POST /api/cart/items", () => push(post(), undefined));
    expect(first.status).toBe(204);
    spans.reset();
    const second = await inRequestSpan("POST /api/cart/items", () => push(post({ cookie: cookieHeader(first) }), undefined));
    expect(second.status).toBe(204);

    expect(tree()).toEqual([{ name: "POST /api/cart/items", children: [{ name: SPAN.load, children: [] }, { name: SPAN.save, children: [] }] }]);
    const [load] = named(SPAN.load);
    const [save] = named(SPAN.save);
    expect(load?.attributes).toMatchObject({
      "cartsession.store": storeCase.name,
      "db.system.name": storeCase.dbSystem,
      "db.operation.name": "load",
      "cartsession.load.outcome": "found",
      "cartsession.session.kind": "guest",
      "cartsession.session.writable": true,
    });
    expect(save?.attributes).toMatchObject({
      "cartsession.store": storeCase.name,
      "db.system.name": storeCase.dbSystem,
      "db.operation.name": "save",
      "cartsession.save.outcome": "saved",
      "cartsession.save.retries": 0,
    });
    expect(save?.status.code).toBe(0);
    expect(await points(METRIC.saves)).toContainEqual({ attributes: expect.objectContaining({ "cartsession.save.outcome": "saved" }), value: 2 });
    expect(sum(await points(METRIC.created))).toBe(1);
    const durations = await points(METRIC.loadDuration);
    expect(durations.map((p) => p.attributes["cartsession.load.outcome"]).sort()).toEqual(["found", "skipped"]);
  });

  it("through a Server Action (sessions.withSession): request → load → save", async (test) => {
    if (!opened) return test.skip();
    const sessions = createCartSessions({ store: opened.store, secrets: TEST_SECRET, siteUrl: SITE });
    const addToCart = () =>
      sessions.withSession<number, Cart>((session) => {
        session.update("cart", (cart) => addLine(cart, "linen-apron", 1));
        return session.getCartSummary().items;
      });
    expect(await inRequestSpan("POST /products/linen-apron (action)", addToCart)).toBe(1);
    expect(request.cookies.get(sessions.cookieNames().session)).toBeDefined();
    spans.reset();
    expect(await inRequestSpan("POST /products/linen-apron (action)", addToCart)).toBe(2);

    expect(tree()).toEqual([{ name: "POST /products/linen-apron (action)", children: [{ name: SPAN.load, children: [] }, { name: SPAN.save, children: [] }] }]);
    expect(named(SPAN.load)[0]?.attributes["cartsession.load.outcome"]).toBe("found");
    expect(named(SPAN.save)[0]?.attributes).toMatchObject({ "cartsession.save.outcome": "saved", "db.system.name": storeCase.dbSystem });
  });
});

describe("metrics", () => {
  let env: TempSqlite;
  beforeEach(async () => {
    env = await tempSqlite();
  });
  afterEach(() => env.dispose());

  it("count compare-and-swap conflicts under 50 concurrent writers on one session, and lose no line", async () => {
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE });
    const push = cartApi(sessions);
    const cookie = cookieHeader(await push(post(), undefined));
    const answers = await Promise.all(Array.from({ length: 50 }, () => push(post({ cookie }), undefined)));
    expect(answers.every((r) => r.status === 204)).toBe(true);

    const read = await sessions.readSession<Cart>(new Request(SITE, { headers: { cookie } }));
    expect(read.get("cart")).toEqual([{ productId: "linen-apron", quantity: 51 }]);
    const conflicts = sum(await points(METRIC.conflicts));
    expect(conflicts).toBeGreaterThan(0);
    // Every conflict is one replay of some save, and the spans say the same.
    const retries = named(SPAN.save).reduce((total, s) => total + (s.attributes["cartsession.save.retries"] as number), 0);
    expect(retries).toBe(conflicts);
    expect(await points(METRIC.saves)).toContainEqual({ attributes: expect.objectContaining({ "cartsession.save.outcome": "saved" }), value: 51 });
    const saveDurations = await points(METRIC.saveDuration);
    expect(saveDurations.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(51);
  });

  it("count requests refused by limits.newSessionsPerAddress under a flood, by limit name", async () => {
    const sessions = createCartSessions({
      store: env.store,
      secrets: TEST_SECRET,
      siteUrl: SITE,
      limits: { newSessionsPerAddress: { limit: 5, windowSeconds: 3_600 } },
    });
    const push = cartApi(sessions);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await push(post({ "x-forwarded-for": "203.0.113.7" }), undefined));
    expect(answers.filter((r) => r.status === 204)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(15);
    expect(await points(METRIC.refused)).toEqual([{ attributes: { "cartsession.store": "sqlite", "db.system.name": "sqlite", "cartsession.limit.name": "new-session" }, value: 15 }]);
    expect(named(SPAN.save).filter((s) => s.attributes["error.type"] === "rate_limited")).toHaveLength(15);
    // The app's own limits are counted under their names.
    for (let i = 0; i < 3; i++) await sessions.rateLimit("login-ip", "198.51.100.1", { limit: 1, windowSeconds: 60 });
    expect(await points(METRIC.refused)).toContainEqual({ attributes: expect.objectContaining({ "cartsession.limit.name": "login-ip" }), value: 2 });
  });

  it("count the rows each cleanup run deletes, and what it left", async () => {
    const clock = manualClock(T0);
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE, clock });
    const push = cartApi(sessions);
    for (let i = 0; i < 3; i++) await push(post(), undefined);
    clock.advance(5 * 86_400); // past every row's expiry (the cookie's end plus one more lifetime)
    const report = await sessions.cleanup("cli");
    expect(report.deleted).toBe(3);
    expect(await points(METRIC.cleanupDeleted)).toEqual([{ attributes: expect.objectContaining({ "cartsession.cleanup.kind": "expired" }), value: 3 }]);
    expect(await points(METRIC.cleanupRemaining)).toEqual([{ attributes: expect.objectContaining({ "cartsession.store": "sqlite" }), value: 0 }]);
    expect(named(SPAN.cleanup)[0]?.attributes).toMatchObject({ "cartsession.cleanup.source": "cli", "cartsession.cleanup.deleted": 3, "cartsession.cleanup.remaining": 0 });
  });

  it("classify store failures as the health probe does: store_unavailable, by operation", async () => {
    let down = false;
    const flaky = new Proxy(env.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (down && (prop === "load" || prop === "probe")) return Promise.reject(storeUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:5432")));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const sessions = createCartSessions({ store: flaky, secrets: TEST_SECRET, siteUrl: SITE });
    const push = cartApi(sessions);
    const cookie = cookieHeader(await push(post(), undefined));
    expect((await sessions.health()).status).toBe("ok");
    down = true;
    expect((await push(post({ cookie }), undefined)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1_050)); // past the health report's reuse
    expect((await sessions.health()).status).toBe("unavailable");

    const probes = named(SPAN.probe);
    expect(probes.map((s) => s.attributes["cartsession.health.status"])).toEqual(["ok", "unavailable"]);
    expect(probes[1]?.attributes["error.type"]).toBe("store_unavailable");
    expect(probes[1]?.status).toEqual({ code: 2, message: "store_unavailable" });
    expect(named(SPAN.load).at(-1)?.attributes["error.type"]).toBe("store_unavailable");
    const errors = await points(METRIC.storeErrors);
    expect(errors.map((p) => [p.attributes["cartsession.operation"], p.attributes["error.type"], p.value]).sort()).toEqual([
      ["session.load", "store_unavailable", 1],
      ["store.probe", "store_unavailable", 1],
    ]);
  });
});

describe("every operation's span", () => {
  let env: TempSqlite;
  beforeEach(async () => {
    env = await tempSqlite();
  });
  afterEach(() => env.dispose());

  /** Login, cart, logout, log-out-everywhere, erase, cleanup, probe and proxy, as one shop would run them. */
  async function everything(options: Partial<CartSessionsOptions> = {}) {
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE, ...options });
    const customerId = "ann.customer@example.com";
    const cartSecret = "engraved-ring-for-ann";
    let guestKey = "";
    const action = (fn: Parameters<CartSessions["withSession"]>[0]) => inRequestSpan("POST /action", () => sessions.withSession(fn));
    request.headers = new Headers({ "x-forwarded-for": "203.0.113.9" });
    await action((session) => {
      session.set("cart", [{ productId: cartSecret, quantity: 1 }]);
      session.set("checkout", { email: customerId, name: "Ann" });
      guestKey = session.getSessionKey();
    });
    await inRequestSpan("POST /login", () => sessions.onLogin(customerId));
    let customerKey = "";
    await action((session) => {
      session.update("cart", (cart) => addLine(cart as CartLine[], cartSecret, 1));
      customerKey = session.getSessionKey();
    });
    await inRequestSpan("POST /logout", () => sessions.onLogout());
    await sessions.logOutEverywhere(customerId);
    await sessions.eraseSession({ customerId });
    await sessions.eraseSession({ sessionKey: guestKey });
    await sessions.cleanup("admin");
    await sessions.health();
    const { NextRequest } = await import("next/server");
    await sessions.proxy(new NextRequest(`${SITE}/cart`));
    return { sessions, secrets: [customerId, cartSecret, guestKey, customerKey, "203.0.113.9", "Ann"] };
  }

  /** Every attribute and label value, with where it was seen. */
  async function everyValue(): Promise<{ where: string; key: string; value: string }[]> {
    const out: { where: string; key: string; value: string }[] = [];
    for (const span of spans.getFinishedSpans()) {
      for (const [key, value] of Object.entries(span.attributes)) out.push({ where: span.name, key, value: String(value) });
      for (const event of span.events) for (const [key, value] of Object.entries(event.attributes ?? {})) out.push({ where: `${span.name} event`, key, value: String(value) });
      if (span.status.message) out.push({ where: span.name, key: "status", value: span.status.message });
    }
    const { resourceMetrics } = await reader.collect();
    for (const metric of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
      for (const point of metric.dataPoints as DataPoint<unknown>[]) {
        for (const [key, value] of Object.entries(point.attributes)) out.push({ where: metric.descriptor.name, key, value: String(value) });
      }
    }
    return out;
  }

  it("are all emitted: load, save, renewal, login, logout, log-out-everywhere, erase, cleanup, probe, proxy", async () => {
    await everything();
    const names = new Set(spans.getFinishedSpans().map((s) => s.name));
    for (const name of Object.values(SPAN)) if (name !== SPAN.renew) expect(names, name).toContain(name);
    // A login nests its load and save under the request's span.
    const login = tree().find((n) => n.name === "POST /login");
    expect(login?.children.map((c) => c.name)).toEqual([SPAN.login]);
    expect(login?.children[0]?.children.map((c) => c.name)).toContain(SPAN.save);
    expect(named(SPAN.logout)[0]?.attributes["cartsession.logout.everywhere"]).toBe(false);
    expect(named(SPAN.cleanup)[0]?.attributes).toMatchObject({ "cartsession.cleanup.source": "admin", "cartsession.cleanup.deleted": 0, "cartsession.cleanup.batches": expect.any(Number), "cartsession.cleanup.remaining": 0 });
    expect(named(SPAN.erase).map((s) => s.attributes["cartsession.erase.by"])).toEqual(["customer_id", "session_key"]);
    expect(named(SPAN.proxy)[0]?.attributes["cartsession.proxy.decision"]).toBe("issue");
    expect(await points(METRIC.cleanupDeleted)).toEqual([{ attributes: expect.objectContaining({ "cartsession.cleanup.kind": "expired" }), value: 0 }]);
    expect(await points(METRIC.created)).toEqual([
      { attributes: expect.objectContaining({ "cartsession.session.kind": "guest" }), value: 1 },
      { attributes: expect.objectContaining({ "cartsession.session.kind": "customer" }), value: 1 },
    ]);
  });

  it("show a renewal as a child of the load that carried it to the row", async () => {
    const clock = manualClock(T0);
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE, clock });
    const push = cartApi(sessions);
    const first = await push(post(), undefined);
    clock.advance(169_200 + 60); // past the guest cookie's renewal threshold
    spans.reset();
    const renewed = await inRequestSpan("POST /api/cart/items", () => push(post({ cookie: cookieHeader(first) }), undefined));
    expect(renewed.status).toBe(204);
    expect(tree()).toEqual([
      {
        name: "POST /api/cart/items",
        children: [
          { name: SPAN.load, children: [{ name: SPAN.renew, children: [] }] },
          { name: SPAN.save, children: [] },
        ],
      },
    ]);
    expect(named(SPAN.renew)[0]?.attributes).toMatchObject({ "db.operation.name": "touch", "cartsession.store": "sqlite" });
  });

  it("carry no session key, customer id, email, address or cart content by default", async () => {
    const { secrets } = await everything();
    const values = await everyValue();
    expect(values.length).toBeGreaterThan(50);
    for (const secret of secrets) expect(values.filter((v) => v.value.includes(secret)), secret).toEqual([]);
    expect(values.filter((v) => /key_hash|id_hash/.test(v.key))).toEqual([]);
    // Only fixed names: nothing a visitor chose can reach a label (bounded cardinality).
    const keys = new Set(values.map((v) => v.key));
    for (const key of keys) expect(key).toMatch(/^(cartsession\.[a-z_.]+|db\.system\.name|db\.operation\.name|error\.type|status)$/);
  });

  it("with identifiers: \"hashed\", carry keyed hashes on spans only, never the raw values", async () => {
    const { secrets } = await everything({ telemetry: { identifiers: "hashed" } });
    const values = await everyValue();
    for (const secret of secrets) expect(values.filter((v) => v.value.includes(secret)), secret).toEqual([]);
    const hashes = values.filter((v) => /key_hash|id_hash/.test(v.key));
    expect(hashes.length).toBeGreaterThan(5);
    expect(hashes.every((v) => /^[0-9a-f]{16}$/.test(v.value) && v.where.startsWith("cartsession."))).toBe(true);
    // One customer, one hash: their spans can be correlated.
    expect(new Set(hashes.filter((v) => v.key === "cartsession.customer.id_hash").map((v) => v.value)).size).toBe(1);
  });
});

describe("the store's name", () => {
  it("of a store given as a function is on spans and metrics once it is opened, never a placeholder", async () => {
    const env = await tempSqlite();
    try {
      const sessions = createCartSessions({ store: async () => env.store, secrets: TEST_SECRET, siteUrl: SITE });
      const push = cartApi(sessions);
      const first = await inRequestSpan("POST /api/cart/items", () => push(post(), undefined));
      await push(post({ cookie: cookieHeader(first) }), undefined);
      const [skipped, firstSave] = [named(SPAN.load)[0], named(SPAN.save)[0]];
      // The first load needed no query, so the store was not opened yet: no name rather than a wrong one.
      expect(skipped?.attributes["cartsession.load.outcome"]).toBe("skipped");
      expect(skipped?.attributes["cartsession.store"]).toBeUndefined();
      // The first save opened it: known by the time the span ends.
      expect(firstSave?.attributes).toMatchObject({ "cartsession.store": "sqlite", "db.system.name": "sqlite" });
      expect(named(SPAN.load)[1]?.attributes).toMatchObject({ "cartsession.store": "sqlite" });
      const labels = (await points(METRIC.saves)).map((p) => p.attributes["cartsession.store"]);
      expect(labels).toEqual(["sqlite"]);
    } finally {
      await env.dispose();
    }
  });
});

describe("when off", () => {
  let env: TempSqlite;
  beforeEach(async () => {
    env = await tempSqlite();
  });
  afterEach(() => env.dispose());

  it("telemetry: false emits nothing, with providers registered", async () => {
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE, telemetry: false });
    const response = await inRequestSpan("POST /api/cart/items", () => cartApi(sessions)(post(), undefined));
    expect(response.status).toBe(204);
    expect(tree()).toEqual([{ name: "POST /api/cart/items", children: [] }]);
    expect(await points(METRIC.saves)).toEqual([]);
  });

  it("without @opentelemetry/api installed (its import fails), the engine works and emits nothing", async () => {
    setOtelApiImporter(() => Promise.reject(new Error("Cannot find package '@opentelemetry/api'")));
    try {
      const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE });
      const push = cartApi(sessions);
      const first = await inRequestSpan("POST /api/cart/items", () => push(post(), undefined));
      const second = await push(post({ cookie: cookieHeader(first) }), undefined);
      expect([first.status, second.status]).toEqual([204, 204]);
      expect((await sessions.health()).status).toBe("ok");
      expect(tree()).toEqual([{ name: "POST /api/cart/items", children: [] }]);
      expect(await points(METRIC.saves)).toEqual([]);
    } finally {
      setOtelApiImporter(null);
    }
  });

  it("with the API installed but no provider registered, no span is started and no metric recorded", async () => {
    trace.disable();
    metrics.disable();
    try {
      const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: SITE });
      const response = await cartApi(sessions)(post(), undefined);
      expect(response.status).toBe(204);
      expect(spans.getFinishedSpans()).toEqual([]);
    } finally {
      trace.setGlobalTracerProvider(tracerProvider);
    }
  });
});
