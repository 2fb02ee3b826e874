import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as abandonedCarts } from "../app/api/admin/abandoned-carts/route";
import { GET as health } from "../app/api/health/route";
import { loadShopConfig, setShopConfigForTesting } from "../lib/shop-config";
import { tempDemoDatabase } from "./helpers/demo-db";

const TOKEN = "admin-api-token-0123456789";
let demo: Awaited<ReturnType<typeof tempDemoDatabase>>;

beforeAll(async () => {
  process.env.SESSION_SECRET = "admin-routes-secret-admin-routes-secret-1";
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
    const bad = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }, "?page=zero"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
  });
});
