import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { manualClock } from "./clock";
import { newSessionCookie, sealSessionCookie, unsealSessionCookie } from "./cookie";
import { generateGuestKey } from "./keys";
import { handleSessionProxy } from "./proxy-handler";

const T0 = 1_800_000_000;

function request(path: string, cookies: Record<string, string> = {}): NextRequest {
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  return new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });
}

/** The Cookie header the app will see, as forwarded by the proxy. */
function forwardedCookie(response: Response): string {
  return response.headers.get("x-middleware-request-cookie") ?? "";
}

describe("proxy.ts session handling", () => {
  const config = testConfig();
  const clock = manualClock(T0);

  it("issues a sealed cookie on a first page visit and forwards it to the same request", async () => {
    const response = await handleSessionProxy(request("/cart"), { config, clock });
    const set = response.cookies.get(config.cookieName);
    expect(set?.value).toMatch(/^Fe26\.2\*/);
    expect(set).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: config.guestExpiration });
    expect(forwardedCookie(response)).toContain(`${config.cookieName}=${set?.value}`);
    expect(response.cookies.get("items_in_cart")).toBeUndefined();
  });

  it("sends no Set-Cookie at all to a visitor with a valid cookie and an empty cart", async () => {
    const sealed = await sealSessionCookie(config, newSessionCookie(config, generateGuestKey(), T0), T0);
    const response = await handleSessionProxy(request("/cart", { [config.cookieName]: sealed }), { config, clock });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("does not issue cookies on API routes (lazy for headless clients)", async () => {
    const response = await handleSessionProxy(request("/api/cart"), { config, clock });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("issues nothing on pages in lazy mode", async () => {
    const lazy = testConfig({ SESSION_ISSUE: "lazy" });
    const response = await handleSessionProxy(request("/cart"), { config: lazy, clock });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("replaces a forged cookie with a fresh guest, silently", async () => {
    const response = await handleSessionProxy(request("/cart", { [config.cookieName]: "forged" }), { config, clock });
    const set = response.cookies.get(config.cookieName);
    expect(set?.value).toMatch(/^Fe26\.2\*/);
    expect(forwardedCookie(response)).not.toContain("forged");
  });

  it("clears a forged cookie on API routes", async () => {
    const response = await handleSessionProxy(request("/api/cart", { [config.cookieName]: "forged" }), { config, clock });
    expect(response.cookies.get(config.cookieName)?.maxAge).toBe(0);
  });

  it("renews a cookie used after its threshold, keeping the customer id", async () => {
    const cookie = newSessionCookie(config, generateGuestKey(), T0);
    const sealed = await sealSessionCookie(config, cookie, T0);
    const later = manualClock(cookie.expiring + 5);
    const response = await handleSessionProxy(request("/cart", { [config.cookieName]: sealed }), { config, clock: later });
    const renewed = await unsealSessionCookie(config, response.cookies.get(config.cookieName)!.value, later.nowSeconds());
    expect(renewed?.customerId).toBe(cookie.customerId);
    expect(renewed?.expiration).toBe(later.nowSeconds() + config.guestExpiration);
  });

  it("restores items_in_cart and cart_hash from the sealed cookie without a database", async () => {
    const cookie = { ...newSessionCookie(config, generateGuestKey(), T0), items: 2, cartHash: "c".repeat(32), persisted: true };
    const sealed = await sealSessionCookie(config, cookie, T0);
    const response = await handleSessionProxy(request("/cart", { [config.cookieName]: sealed }), { config, clock });
    expect(response.cookies.get("items_in_cart")?.value).toBe("1");
    expect(response.cookies.get("cart_hash")?.value).toBe("c".repeat(32));
    expect(response.cookies.get("items_in_cart")?.httpOnly).toBeFalsy();

    const inStep = await handleSessionProxy(
      request("/cart", { [config.cookieName]: sealed, items_in_cart: "1", cart_hash: "c".repeat(32) }),
      { config, clock },
    );
    expect(inStep.headers.get("set-cookie")).toBeNull();
  });

  it("removes stale cart cookies when the sealed cookie says the cart is empty", async () => {
    const sealed = await sealSessionCookie(config, newSessionCookie(config, generateGuestKey(), T0), T0);
    const response = await handleSessionProxy(
      request("/cart", { [config.cookieName]: sealed, items_in_cart: "1", cart_hash: "d".repeat(32) }),
      { config, clock },
    );
    expect(response.cookies.get("items_in_cart")?.maxAge).toBe(0);
    expect(response.cookies.get("cart_hash")?.maxAge).toBe(0);
  });

  it("re-seals a cookie made with an older password after rotation", async () => {
    const oldSecret = "old-password-old-password-old-password-1";
    const before = testConfig({ SESSION_SECRET: oldSecret });
    const after = testConfig({ SESSION_SECRET: `new-password-new-password-new-password-2,${oldSecret}` });
    const cookie = newSessionCookie(before, generateGuestKey(), T0);
    const sealed = await sealSessionCookie(before, cookie, T0);
    const response = await handleSessionProxy(request("/cart", { [after.cookieName]: sealed }), { config: after, clock });
    const resealed = response.cookies.get(after.cookieName)!.value;
    expect(resealed).not.toBe(sealed);
    expect((await unsealSessionCookie(testConfig({ SESSION_SECRET: "new-password-new-password-new-password-2" }), resealed, T0))?.customerId).toBe(
      cookie.customerId,
    );
  });
});

describe("logged-in marker cookie", () => {
  const config = testConfig();
  const clock = manualClock(T0);

  it("is set for a customer's session and removed for a guest's, with no database", async () => {
    const customer = { ...newSessionCookie(config, "42", T0), persisted: true };
    const sealed = await sealSessionCookie(config, customer, T0);
    const response = await handleSessionProxy(request("/cart", { [config.cookieName]: sealed }), { config, clock });
    expect(response.cookies.get(`logged_in_${config.cookieHash}`)?.value).toBe("1");

    const guest = await sealSessionCookie(config, newSessionCookie(config, generateGuestKey(), T0), T0);
    const after = await handleSessionProxy(
      request("/cart", { [config.cookieName]: guest, [`logged_in_${config.cookieHash}`]: "1" }),
      { config, clock },
    );
    expect(after.cookies.get(`logged_in_${config.cookieHash}`)?.maxAge).toBe(0);
  });
});

describe("malformed paths", () => {
  it("answers broken percent-encoding with a 400 JSON error on the API instead of Next's 500", async () => {
    const response = await handleSessionProxy(request("/api/cart/items/%E0%A4%A"), { config: testConfig(), clock: manualClock(T0) });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_path");
    const page = await handleSessionProxy(request("/products/%E0%A4%A"), { config: testConfig(), clock: manualClock(T0) });
    expect(page.status).toBe(400);
  });
});

describe("shared catalog pages", () => {
  const config = testConfig();
  const clock = manualClock(T0);
  const rewrittenTo = (response: Response) => response.headers.get("x-middleware-rewrite");

  it("issue no cookie, so the cached variant never carries Set-Cookie", async () => {
    for (const path of ["/", "/products/linen-apron"]) {
      const response = await handleSessionProxy(request(path), { config, clock });
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(rewrittenTo(response)).toBeNull();
    }
  });

  it("serve the shared variant to a guest with an empty cart", async () => {
    const sealed = await sealSessionCookie(config, { ...newSessionCookie(config, generateGuestKey(), T0), persisted: true }, T0);
    const response = await handleSessionProxy(request("/products/linen-apron", { [config.cookieName]: sealed }), { config, clock });
    expect(rewrittenTo(response)).toBeNull();
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("rewrite a visitor with items, or a logged-in customer, to the personal /live variant", async () => {
    const withItems = await sealSessionCookie(config, { ...newSessionCookie(config, generateGuestKey(), T0), items: 1, cartHash: "a".repeat(32), persisted: true }, T0);
    const list = await handleSessionProxy(request("/", { [config.cookieName]: withItems }), { config, clock });
    expect(rewrittenTo(list)).toBe("http://localhost:3000/live");
    const product = await handleSessionProxy(request("/products/linen-apron?x=1", { [config.cookieName]: withItems }), { config, clock });
    expect(rewrittenTo(product)).toBe("http://localhost:3000/live/products/linen-apron?x=1");

    const customer = await sealSessionCookie(config, { ...newSessionCookie(config, "7", T0), persisted: true }, T0);
    const logged = await handleSessionProxy(request("/", { [config.cookieName]: customer }), { config, clock });
    expect(rewrittenTo(logged)).toBe("http://localhost:3000/live");
  });
});
