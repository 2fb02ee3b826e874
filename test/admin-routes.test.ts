import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as abandonedCarts } from "../app/api/admin/abandoned-carts/route";
import { GET as cleanup } from "../app/api/cron/session-cleanup/route";
import { GET as health } from "../app/api/health/route";
import { RESTORE_LINK_SECONDS, restoreLinks } from "../lib/restore-links";
import { loadShopConfig, setShopConfigForTesting } from "../lib/shop-config";
import { tempDemoDatabase } from "./helpers/demo-db";

const TOKEN = "admin-api-token-0123456789";
const CRON_SECRET = "cron-secret-0123456789abcdef";
let demo: Awaited<ReturnType<typeof tempDemoDatabase>>;

beforeAll(async () => {
  process.env.SESSION_SECRET = "admin-routes-secret-admin-routes-secret-1";
  process.env.CRON_SECRET = CRON_SECRET;
  demo = await tempDemoDatabase();
});
afterAll(() => demo.dispose());

const configure = (env: Record<string, string>) => setShopConfigForTesting(loadShopConfig({ CARTSESSION_DATA_DIR: demo.dir, ...env }));

describe("GET /api/health", () => {
  it("answers 200 with the store's probe when the database is up, and says nothing personal", async () => {
    const response = await health(new Request("http://localhost:3000/api/health"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", store: "sqlite" });
    expect(JSON.stringify(body)).not.toContain(demo.dir);
  });
});

describe("GET /api/admin/abandoned-carts", () => {
  const request = (headers: Record<string, string> = {}, query = "") => new Request(`http://localhost:3000/api/admin/abandoned-carts${query}`, { headers });

  it("refuses everything while ADMIN_API_TOKEN is unset", async () => {
    configure({});
    const response = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("admin_token_unset");
  });

  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer wrong" }],
    ["the token without the Bearer scheme", { authorization: TOKEN }],
  ])("rejects %s with 401", async (_name, headers) => {
    configure({ ADMIN_API_TOKEN: TOKEN });
    const response = await abandonedCarts(request(headers));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  });

  it("lists abandoned carts for the right token, paged with the true total, and refuses a bad page with a 400", async () => {
    configure({ ADMIN_API_TOKEN: TOKEN, ABANDONED_CART_MINUTES: "60" });
    const now = Math.floor(Date.now() / 1000);
    const store = demo.db.sessions as unknown as { bulkInsert(rows: unknown[]): Promise<number> };
    await store.bulkInsert([
      { key: "t_" + "a".repeat(30), value: JSON.stringify({ cart: [{ productId: "linen-apron", quantity: 2 }] }), items: 2, expiresAt: now + 400_000, activeUntil: now + 200_000, createdAt: now - 7200, updatedAt: now - 7200 },
      { key: "t_" + "b".repeat(30), value: JSON.stringify({ cart: [{ productId: "linen-apron", quantity: 1 }] }), items: 1, expiresAt: now + 400_000, activeUntil: now + 200_000, createdAt: now, updatedAt: now },
    ]);
    const response = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ page: 1, total: 1, nextPage: null });
    expect(body.carts).toHaveLength(1);
    expect(body.carts[0]).toMatchObject({ sessionKey: "t_" + "a".repeat(30), customerId: null, items: 2, value: 7600 });
    expect(body.carts[0].restoreUrl).toMatch(/^http:\/\/localhost:3000\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
    // Asking again hands out the cart's same link: a tool polling the API never piles links up.
    const again = await (await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }))).json();
    expect(again.carts[0]).toMatchObject({ restoreUrl: body.carts[0].restoreUrl, restoreExpiresAt: body.carts[0].restoreExpiresAt });
    expect(await demo.rows("SELECT token_hash FROM cart_restore_tokens")).toHaveLength(1);
    const bad = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }, "?page=zero"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
  });
});

describe("GET /api/cron/session-cleanup", () => {
  const url = "http://localhost:3000/api/cron/session-cleanup";

  it("keeps the engine's bearer check and report, and adds how many used or expired restore links it deleted", async () => {
    const links = await restoreLinks();
    const now = Math.floor(Date.now() / 1000);
    const lines = [{ productId: "linen-apron", quantity: 1 }];
    await links.linkFor({ key: "t_" + "c".repeat(30), customerId: null, lines }, now - RESTORE_LINK_SECONDS - 60);
    const live = await links.linkFor({ key: "t_" + "d".repeat(30), customerId: null, lines }, now);

    for (const headers of [{}, { authorization: "Bearer wrong-secret-wrong-secret" }] as Record<string, string>[]) {
      const refused = await cleanup(new Request(url, { headers }));
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await refused.json()).error.code).toBe("unauthorized");
    }
    const spent = (await demo.rows("SELECT count(*) AS n FROM cart_restore_tokens WHERE used_at IS NOT NULL OR expires_at <= ?", [now]))[0]!.n;
    const all = (await demo.rows("SELECT count(*) AS n FROM cart_restore_tokens"))[0]!.n;
    expect(spent).toBe(1);

    const ok = await cleanup(new Request(url, { headers: { authorization: `Bearer ${CRON_SECRET}` } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("private, no-store");
    const report = await ok.json();
    expect(report).toMatchObject({ deleted: expect.any(Number), batches: expect.any(Number), remaining: expect.any(Number), purge: null, restoreLinks: 1 });
    expect(await links.open(live.url.split("/").at(-1)!, now)).toMatchObject({ status: "live" });
    expect(await demo.rows("SELECT token_hash FROM cart_restore_tokens")).toHaveLength(Number(all) - 1);
  });
});
