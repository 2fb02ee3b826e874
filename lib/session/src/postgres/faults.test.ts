import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine, cartLines, MAX_LINE_QUANTITY } from "../cart.js";
import { createCartSessions } from "../next/index.js";
import { TEST_SECRET } from "../test-helpers.js";
import { startLocalNeon, type LocalNeon } from "../testing/local-neon.js";
import { pgClusterOrSkipReason, startPgCluster, type PgCluster } from "../testing/pg-cluster.js";
import { postgresStore } from "./index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";

/*
 * Faults on the Postgres path, under steady cart writes through a Route Handler
 * (`sessions.route`, called with plain Requests): PostgreSQL crashing and restarting, the
 * link to it cut, the link slower than the client's deadline. The database is a throwaway
 * cluster this file starts on its own port (never the machine's shared one), reached
 * through the local Neon bridge, which injects the link faults. For every fault:
 * - every add is exactly once: each writer sends each add with its own Idempotency-Key and
 *   retries it with the same key until it is acknowledged, and the units stored equal the
 *   adds made, no more, no less;
 * - the answers are honest: a retry that was replayed (the add had landed) always follows an
 *   `outcome_unknown` (or an answer that never came), never only `store_unavailable`
 *   answers, which promise that nothing changed;
 * - while the fault lasts every request answers 503 with Retry-After and the API's error
 *   shape, never a 500, never a hang (a `pg_ctl restart` has no window of its own: there,
 *   at least one request is refused, and every answer is a 200 or such a 503);
 * - once it is gone, the same handler (same engine, same store) answers 200 again.
 */

const SESSIONS = 10;
const WRITERS_PER_SESSION = 2;
/** The store's deadline per round trip; the slow link holds answers well beyond it. */
const QUERY_TIMEOUT_MS = 1_000;
/** How long a fault lasts (a slow link longer: each refusal there takes the deadline). */
const OUTAGE_MS = 1_500;
/** A request taking longer than this has hung: a load and a save, each within the deadline, plus slack. */
const HANG_MS = 3 * QUERY_TIMEOUT_MS + 2_000;

let cluster: PgCluster | undefined;
let bridge: LocalNeon | undefined;
let skipReason: string | null = null;

beforeAll(async () => {
  skipReason = pgClusterOrSkipReason();
  if (skipReason) return;
  cluster = await startPgCluster();
  bridge = await startLocalNeon(0);
  setLocalNeonEndpoint(bridge.address);
}, 120_000);

afterAll(async () => {
  try {
    await bridge?.close();
  } finally {
    await cluster?.destroy();
  }
}, 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handler = (request: Request) => Promise<Response>;

/** One app: its own engine and store (own table prefix), and an add-to-cart handler. */
function shopApp(prefix: string) {
  const sessions = createCartSessions({
    store: () => postgresStore({ connectionString: cluster!.url, tablePrefix: prefix, queryTimeoutMs: QUERY_TIMEOUT_MS }),
    secrets: TEST_SECRET,
    siteUrl: "http://localhost:3000",
  });
  const route = sessions.route<unknown, { cart: unknown }>(async (request, session) => {
    const productId = new URL(request.url).searchParams.get("product") ?? "p0";
    session.update("cart", (cart) => addLine(cart, productId, 1));
    return Response.json({ key: session.getSessionKey() });
  });
  const add: Handler = (request) => route(request, undefined);
  return { sessions, add, table: `${prefix}sessions` };
}

const addRequest = (product: string, cookie?: string, idempotencyKey?: string) =>
  new Request(`http://localhost:3000/api/cart/items?product=${product}`, {
    method: "POST",
    headers: { ...(cookie ? { cookie } : {}), ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}) },
  });

/** One add as the client saw it: the refusals before it was acknowledged, and whether the acknowledgement was a replay. */
interface Add {
  session: number;
  refusals: string[];
  replayed: boolean;
}

interface Outcome {
  session: number;
  /** The HTTP status, "threw" (the handler rejected: a 500 in Next.js) or "hung". */
  status: number | "threw" | "hung";
  startedAt: number;
  endedAt: number;
}

/** The response, or "hung" when it takes longer than HANG_MS (the request is left running). */
async function answered(promise: Promise<Response>): Promise<Response | "hung"> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), HANG_MS)));
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The refusal's code, and what is wrong with it, if anything: it must be a 503
 * store_unavailable or outcome_unknown in the API's error shape, with Retry-After.
 */
async function refusal(response: Response): Promise<{ code: string; problem: string | null }> {
  const retryAfter = response.headers.get("retry-after") ?? "";
  const text = await response.text();
  let shaped = false;
  let code = "";
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    code = String(body.error?.code ?? "");
    shaped =
      Object.keys(body).join() === "error" &&
      Object.keys(body.error ?? {}).sort().join() === "code,message" &&
      (code === "store_unavailable" || code === "outcome_unknown") &&
      typeof body.error?.message === "string";
  } catch {
    // Not JSON: not the error shape.
  }
  if (response.status === 503 && /^[1-9]\d*$/.test(retryAfter) && shaped) return { code, problem: null };
  return { code, problem: `status ${response.status}, Retry-After "${retryAfter}", body ${text}` };
}

/** Steady cart writes: WRITERS_PER_SESSION writers per session, each adding one unit of its own product in a loop. */
class CartLoad {
  readonly outcomes: Outcome[] = [];
  readonly problems: string[] = [];
  readonly adds: Add[] = [];
  private running = true;
  private readonly writers: Promise<void>[] = [];

  constructor(
    private readonly add: Handler,
    cookies: string[],
  ) {
    cookies.forEach((cookie, session) => {
      for (let w = 0; w < WRITERS_PER_SESSION; w++) this.writers.push(this.writer(session, cookie, `p${w}`));
    });
  }

  /**
   * Adds one unit at a time, each with its own Idempotency-Key, retried with that key until
   * acknowledged (also after the load is told to stop: an add is never left half-known).
   */
  private async writer(session: number, cookie: string, product: string): Promise<void> {
    while (this.running) {
      const key = randomUUID();
      const refusals: string[] = [];
      for (;;) {
        const startedAt = performance.now();
        let status: Outcome["status"];
        let replayed = false;
        try {
          const response = await answered(this.add(addRequest(product, cookie, key)));
          status = response === "hung" ? "hung" : response.status;
          if (response === "hung") refusals.push("hung");
          else if (response.status === 200) replayed = response.headers.get("idempotent-replayed") === "true";
          else {
            const { code, problem } = await refusal(response);
            refusals.push(code);
            if (problem) this.problems.push(problem);
          }
        } catch (error) {
          status = "threw";
          refusals.push("threw");
          this.problems.push(`threw ${String(error)}`);
        }
        this.outcomes.push({ session, status, startedAt, endedAt: performance.now() });
        if (status === 200) {
          this.adds.push({ session, refusals, replayed });
          break;
        }
        // A short pause keeps two cores from spinning on instant refusals.
        await sleep(25);
      }
      await sleep(2);
    }
  }

  acknowledgedSince(t: number): number {
    return this.outcomes.filter((o) => o.status === 200 && o.startedAt >= t).length;
  }

  async until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
    const deadline = performance.now() + ms;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`load: ${what} did not happen within ${ms} ms (${this.summary()})`);
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.writers);
  }

  summary(): string {
    const counts = new Map<string, number>();
    for (const o of this.outcomes) counts.set(String(o.status), (counts.get(String(o.status)) ?? 0) + 1);
    return [...counts].map(([status, n]) => `${n} x ${status}`).join(", ");
  }
}

/** A new visitor's first add (acknowledged): the session cookie to send from then on, and the session key. */
async function newShopper(app: ReturnType<typeof shopApp>): Promise<{ cookie: string; key: string }> {
  const response = await app.add(addRequest("p0"));
  expect(response.status).toBe(200);
  const name = app.sessions.cookieNames().session;
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  expect(line).toBeDefined();
  const { key } = (await response.json()) as { key: string };
  return { cookie: line!.split(";")[0]!, key };
}

/** Units per session key, read straight from the database (not through the bridge or the engine). */
async function storedUnits(table: string): Promise<Map<string, { units: number; largestLine: number }>> {
  const client = new pg.Client({ connectionString: cluster!.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ session_key: string; session_value: string }>(`SELECT session_key, session_value FROM "${table}"`);
    return new Map(
      rows.map((row) => {
        const lines = cartLines((JSON.parse(row.session_value) as { cart?: unknown }).cart);
        return [row.session_key, { units: lines.reduce((n, l) => n + l.quantity, 0), largestLine: Math.max(0, ...lines.map((l) => l.quantity)) }];
      }),
    );
  } finally {
    await client.end();
  }
}

interface Fault {
  /** Starts the fault; resolves once it is in effect. */
  inject(): Promise<void>;
  /** Ends it; resolves once the database is reachable again. */
  restore(): Promise<void>;
  /** Whether requests started after inject() resolved and ended before restore() began must all be refused. */
  strictOutage: boolean;
  /** How long to leave it in effect (default OUTAGE_MS). */
  outageMs?: number;
}

/**
 * Runs steady cart writes, injects the fault mid-load, restores it, keeps writing until the
 * app has recovered, then checks every claim of this file against the database.
 */
async function underLoad(prefix: string, fault: Fault): Promise<{ outcomeUnknown: number; storeUnavailable: number }> {
  const app = shopApp(prefix);
  const shoppers: { cookie: string; key: string }[] = [];
  for (let i = 0; i < SESSIONS; i++) shoppers.push(await newShopper(app));
  const load = new CartLoad(app.add, shoppers.map((s) => s.cookie));
  let injecting = 0;
  let injected = 0;
  let restoring = 0;
  let restored = 0;
  try {
    await load.until(() => load.acknowledgedSince(0) >= 5 * SESSIONS, "steady writes before the fault");
    injecting = performance.now();
    await fault.inject();
    injected = performance.now();
    await sleep(fault.outageMs ?? OUTAGE_MS);
    restoring = performance.now();
    await fault.restore();
    restored = performance.now();
    await load.until(() => load.acknowledgedSince(restored) >= 5 * SESSIONS, "recovery (acknowledged writes after the restore)");
  } finally {
    await load.stop();
  }

  // Never a 500 (a handler that threw), never a hang; every refusal a 503 in the error shape.
  expect(load.problems.slice(0, 5), load.summary()).toEqual([]);
  expect(new Set(load.outcomes.map((o) => o.status)), load.summary()).toEqual(new Set([200, 503]));

  // While the fault lasted, every request was refused.
  const during = load.outcomes.filter((o) => o.startedAt >= injected && o.endedAt <= restoring);
  if (fault.strictOutage) {
    expect(during.length, "requests made during the outage").toBeGreaterThan(SESSIONS);
    expect(during.filter((o) => o.status !== 503), load.summary()).toEqual([]);
  }
  expect(load.outcomes.filter((o) => o.startedAt >= injecting && o.startedAt < restored && o.status === 503).length, "refusals while the fault lasted").toBeGreaterThan(0);

  // Recovered without a restart: every request started after the restore was acknowledged.
  expect(load.outcomes.filter((o) => o.startedAt >= restored && o.status !== 200), load.summary()).toEqual([]);

  // The same handler keeps working for every shopper.
  for (const shopper of shoppers) expect((await app.add(addRequest("p0", shopper.cookie))).status).toBe(200);

  // Honest answers: an add whose acknowledgement was a replay (it had landed) was told
  // outcome_unknown (or got no answer) before, never only store_unavailable ("nothing changed").
  const replays = load.adds.filter((a) => a.replayed);
  expect(replays.filter((a) => !a.refusals.some((r) => r === "outcome_unknown" || r === "hung")), "replayed adds told only store_unavailable").toEqual([]);
  const codes = load.adds.flatMap((a) => a.refusals);
  const figures = {
    adds: load.adds.length,
    requests: load.outcomes.length,
    storeUnavailable: codes.filter((c) => c === "store_unavailable").length,
    outcomeUnknown: codes.filter((c) => c === "outcome_unknown").length,
    replayed: replays.length,
  };
  console.log(`[faults ${prefix}] ${JSON.stringify(figures)}`);

  // Exactly once: the units stored are the adds made, none lost, none applied twice.
  const stored = await storedUnits(app.table);
  shoppers.forEach((shopper, session) => {
    // + 2: the first add that created the session, and the one just above.
    const made = load.adds.filter((a) => a.session === session).length + 2;
    const found = stored.get(shopper.key);
    expect(found, `session ${session} is stored`).toBeDefined();
    expect(found!.largestLine, "a line below the quantity cap, so every add counts").toBeLessThan(MAX_LINE_QUANTITY);
    expect(found!.units, `session ${session}: units stored = adds made`).toBe(made);
  });
  return figures;
}

describe("faults on the Postgres path (throwaway cluster, local Neon bridge)", () => {
  it("PostgreSQL crashes mid-load (immediate stop), stays down, and starts again", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    await underLoad("crash_", {
      inject: () => cluster!.stop("immediate"),
      restore: () => cluster!.start(),
      strictOutage: true,
    });
  }, 60_000);

  it("PostgreSQL restarts mid-load (pg_ctl restart, fast shutdown)", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    await underLoad("restart_", {
      // The outage is the restart itself: inject does it, restore has nothing left to do.
      inject: () => cluster!.restart("fast"),
      restore: async () => {},
      strictOutage: false,
    });
  }, 60_000);

  it("the link to the database is cut mid-load, then restored", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    await underLoad("cut_", {
      inject: async () => bridge!.faults.cut(),
      restore: async () => bridge!.faults.clear(),
      strictOutage: true,
    });
  }, 60_000);

  it("the link slows beyond the store's deadline mid-load, then recovers", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const figures = await underLoad("slow_", {
      inject: async () => bridge!.faults.slow(3 * QUERY_TIMEOUT_MS),
      restore: async () => bridge!.faults.clear(),
      strictOutage: true,
      outageMs: 4 * QUERY_TIMEOUT_MS,
    });
    // The writes held past the deadline had committed: they were answered outcome_unknown.
    expect(figures.outcomeUnknown).toBeGreaterThan(0);
  }, 60_000);
});
