import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { newCustomerCookie, newGuestCookie, unsealSessionCookie, type SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { newCustomerSessionKey, newGuestKey, newLoginId } from "../keys.js";
import type { EngineOptions } from "../options.js";
import type { SessionStore } from "../store/port.js";
import { T0, TEST_SECRET } from "../test-helpers.js";
import { createProxyHandler, type ProxyOptions } from "./proxy.js";

/** A store that fails the test if touched: the proxy never queries. */
const noDatabase: SessionStore = new Proxy({ name: "none" } as SessionStore, {
  get: (target, prop) => (prop === "name" ? "none" : () => Promise.reject(new Error(`the proxy called store.${String(prop)}`))),
});

function setup(options: Partial<Omit<EngineOptions, "store">> = {}, proxy: ProxyOptions = {}) {
  const clock = manualClock(T0);
  const engine: SessionEngine = createSessionEngine({ store: noDatabase, secrets: TEST_SECRET, siteUrl: "http://localhost:3000", clock, ...options });
  return { engine, clock, handle: createProxyHandler(() => engine, proxy), name: engine.settings.cookieName };
}

function request(path: string, cookies: Record<string, string> = {}): NextRequest {
  const cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
  return new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });
}

/** The Cookie header the app will see, as forwarded by the proxy. */
const forwardedCookie = (response: Response) => response.headers.get("x-middleware-request-cookie") ?? "";
const rewrittenTo = (response: Response) => response.headers.get("x-middleware-rewrite");
const shop: ProxyOptions = { sharedPages: ["/", /^\/products\/[^/]+$/], personalVariant: (p) => `/live${p === "/" ? "" : p}` };
const guest = (engine: SessionEngine, persisted = false): SessionCookie => ({ ...newGuestCookie(engine.settings, newGuestKey(), T0), persisted });
const customer = (engine: SessionEngine): SessionCookie => newCustomerCookie(engine.settings, newCustomerSessionKey(), "550e8400-e29b-41d4-a716-446655440000", newLoginId(), T0);

describe("the proxy: issue, renew and clear the sealed cookie without a database", () => {
  it("issues a sealed cookie on a first page visit and forwards it to the same request", async () => {
    const { handle, name } = setup();
    const response = await handle(request("/cart"));
    const set = response.cookies.get(name);
    expect(set?.value).toMatch(/^Fe26\.2\*/);
    expect(set).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 172_800 });
    expect(forwardedCookie(response)).toContain(`${name}=${set?.value}`);
    expect(response.cookies.get("items_in_cart")).toBeUndefined();
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("sends no Set-Cookie at all to a visitor with a valid cookie", async () => {
    const { engine, handle, name } = setup();
    const sealed = await engine.seal(guest(engine, true));
    const response = await handle(request("/cart", { [name]: sealed, items_in_cart: "1", cart_hash: "c".repeat(32) }));
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("issues nothing on API routes and nothing on pages in lazy mode", async () => {
    expect((await setup().handle(request("/api/cart"))).headers.get("set-cookie")).toBeNull();
    expect((await setup({ issue: "lazy" }).handle(request("/cart"))).headers.get("set-cookie")).toBeNull();
  });

  it("replaces a forged or padded cookie with a fresh guest, silently, and drops the stale cart cookies", async () => {
    const { engine, handle, name } = setup();
    const valid = await engine.seal(guest(engine, true));
    for (const bad of ["forged", `${valid}~junk`]) {
      const response = await handle(request("/cart", { [name]: bad, items_in_cart: "1", cart_hash: "d".repeat(32) }));
      expect(response.cookies.get(name)?.value).toMatch(/^Fe26\.2\*/);
      expect(response.cookies.get(name)?.value).not.toBe(valid);
      expect(forwardedCookie(response)).not.toContain(bad);
      expect(response.cookies.get("items_in_cart")?.maxAge).toBe(0);
      expect(response.cookies.get("cart_hash")?.maxAge).toBe(0);
    }
  });

  it("renews a cookie used after its threshold, keeping who it is, and extends the cart cookies with it", async () => {
    const { engine, handle, name, clock } = setup();
    const cookie = guest(engine, true);
    const sealed = await engine.seal(cookie);
    clock.set(cookie.expiring + 5);
    const response = await handle(request("/cart", { [name]: sealed, items_in_cart: "1", cart_hash: "c".repeat(32) }));
    const renewed = await unsealSessionCookie(engine.settings, response.cookies.get(name)!.value, clock.nowSeconds());
    expect(renewed).toMatchObject({ key: cookie.key, expiration: clock.nowSeconds() + 172_800 });
    expect(response.cookies.get("items_in_cart")).toMatchObject({ value: "1", maxAge: 172_800 });
    expect(response.cookies.get("cart_hash")).toMatchObject({ value: "c".repeat(32), maxAge: 172_800 });
  });

  it("leaves the cart cookies of a valid session alone: a cart change never re-seals anything", async () => {
    const { engine, handle, name } = setup();
    const sealed = await engine.seal(guest(engine, true));
    const response = await handle(request("/cart", { [name]: sealed, items_in_cart: "1", cart_hash: "e".repeat(32) }));
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("re-seals a cookie made with an older password after rotation", async () => {
    const oldSecret = "old-password-old-password-old-password-1";
    const newSecret = "new-password-new-password-new-password-2";
    const before = setup({ secrets: oldSecret });
    const after = setup({ secrets: [newSecret, oldSecret] });
    const cookie = guest(before.engine, true);
    const sealed = await before.engine.seal(cookie);
    const resealed = (await after.handle(request("/cart", { [after.name]: sealed }))).cookies.get(after.name)!.value;
    expect(resealed).not.toBe(sealed);
    expect((await unsealSessionCookie(setup({ secrets: newSecret }).engine.settings, resealed, T0))?.key).toBe(cookie.key);
  });

  it("keeps the logged-in marker in step with the sealed cookie", async () => {
    const { engine, handle, name } = setup();
    const marker = `logged_in_${engine.settings.cookieHash}`;
    expect((await handle(request("/cart", { [name]: await engine.seal(customer(engine)) }))).cookies.get(marker)?.value).toBe("1");
    expect((await handle(request("/cart", { [name]: await engine.seal(guest(engine)), [marker]: "1" }))).cookies.get(marker)?.maxAge).toBe(0);
  });

  it("answers broken percent-encoding with a 400 in the error shape instead of Next's 500", async () => {
    const { handle } = setup();
    const api = await handle(request("/api/cart/items/%E0%A4%A"));
    expect(api.status).toBe(400);
    expect((await api.json()).error.code).toBe("invalid_path");
    expect((await handle(request("/products/%E0%A4%A"))).status).toBe(400);
  });
});

describe("shared pages (cacheable by CDNs)", () => {
  it("issue no cookie to a new visitor, so the cached variant never carries Set-Cookie, and say public", async () => {
    const { handle } = setup({}, shop);
    for (const path of ["/", "/products/linen-apron"]) {
      const response = await handle(request(path));
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("public, s-maxage=300, stale-while-revalidate=3300");
      expect(rewrittenTo(response)).toBeNull();
    }
  });

  it("never renew, re-seal or clear a cookie there: a public response carries no Set-Cookie, ever", async () => {
    const { engine, handle, name, clock } = setup({ secrets: ["new-password-new-password-new-password-2", TEST_SECRET] }, shop);
    const old = setup().engine;
    const cookie = guest(old, true);
    const sealedOld = await old.seal(cookie);
    clock.set(cookie.expiring + 60);
    for (const sent of [sealedOld, "forged", await engine.seal(guest(engine))]) {
      const response = await handle(request("/", { [name]: sent }));
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(response.headers.get("cache-control")).toMatch(/^public/);
    }
  });

  it("rewrite a visitor with items, or a logged-in customer, to the personal variant, privately", async () => {
    const { engine, handle, name } = setup({}, shop);
    const withItems = { [name]: await engine.seal(guest(engine, true)), items_in_cart: "1" };
    expect(rewrittenTo(await handle(request("/", withItems)))).toBe("http://localhost:3000/live");
    expect(rewrittenTo(await handle(request("/products/linen-apron?x=1", withItems)))).toBe("http://localhost:3000/live/products/linen-apron?x=1");
    const logged = await handle(request("/", { [name]: await engine.seal(customer(engine)) }));
    expect(rewrittenTo(logged)).toBe("http://localhost:3000/live");
    expect(logged.headers.get("cache-control")).not.toMatch(/public/);
  });

  it("ignore an items_in_cart cookie without a valid session (tampering only picks a cached variant)", async () => {
    const { handle } = setup({}, shop);
    const response = await handle(request("/", { items_in_cart: "1" }));
    expect(rewrittenTo(response)).toBeNull();
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
