import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addLine } from "../cart.js";
import { tempSqlite, TEST_SECRET, type TempSqlite } from "../test-helpers.js";
import { parseCookieHeader, serializeCookie } from "./header-cookies.js";
import { createCartSessions } from "./index.js";

/* Route Handlers that read the session from the Request and write cookies onto the Response. */

type Cart = { cart: { productId: string; quantity: number }[] };
let env: TempSqlite;

beforeEach(async () => {
  env = await tempSqlite();
});
afterEach(() => env.dispose());

function setup() {
  const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: "https://shop.example" });
  const name = sessions.cookieNames().session;
  const push = sessions.route<unknown, Cart>(async (_request, session) => {
    session.update("cart", (cart) => addLine(cart, "linen-apron", 1));
    await session.save();
    return Response.json({ items: session.get("cart") });
  });
  return { sessions, name, push };
}

const post = (headers: Record<string, string> = {}) => new Request("https://shop.example/api/cart/items", { method: "POST", headers });

/** name → the Set-Cookie value, and its attributes. */
function setCookies(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf("=")), line]));
}
const valueOf = (line: string | undefined) => line?.slice(line.indexOf("=") + 1).split(";")[0];

/** A stored cart for a new headless client, through a Route Handler: its Cart-Token. */
async function storedCartToken(sessions: ReturnType<typeof setup>["sessions"], cart: Cart["cart"]): Promise<string> {
  let token = "";
  const seed = sessions.route<unknown, Cart>(async (_request, session) => {
    session.set("cart", cart);
    await session.save();
    token = await sessions.sealCartToken(session.cookie);
    return new Response(null, { status: 204 });
  });
  await seed(post({ "cart-token": "none" }), undefined);
  return token;
}

describe("sessions.route", () => {
  it("gives a new visitor a sealed session cookie and the cart cookies on the Response, never cacheable", async () => {
    const { push, name } = setup();
    const response = await push(post(), undefined);
    const set = setCookies(response);
    expect(set.get(name)).toMatch(/; Path=\/; Expires=.+; Max-Age=\d+; Secure; HttpOnly; SameSite=lax$/);
    expect(set.get("items_in_cart")).toMatch(/^items_in_cart=1; Path=\/; Expires=.+; Secure; SameSite=lax$/);
    expect(valueOf(set.get("cart_hash"))).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.json()).toEqual({ items: [{ productId: "linen-apron", quantity: 1 }] });
    expect(await env.store.countSessions({})).toBe(1);
  });

  it("a returning visitor's cart change re-seals nothing: only cart_hash changes", async () => {
    const { push, name } = setup();
    const first = setCookies(await push(post(), undefined));
    const cookie = [...first.values()].map((line) => line.split(";")[0]).join("; ");
    const second = await push(post({ cookie }), undefined);
    const set = setCookies(second);
    expect(set.has(name)).toBe(false);
    expect(set.has("items_in_cart")).toBe(false);
    expect(valueOf(set.get("cart_hash"))).not.toBe(valueOf(first.get("cart_hash")));
    expect(await second.json()).toEqual({ items: [{ productId: "linen-apron", quantity: 2 }] });
  });

  it("turns a forged or tampered cookie into a fresh guest, silently", async () => {
    const { push, name } = setup();
    const real = valueOf(setCookies(await push(post(), undefined)).get(name))!;
    for (const forged of ["Fe26.2*forged", `${real.slice(0, -4)}AAAA`]) {
      const response = await push(post({ cookie: `${name}=${forged}` }), undefined);
      expect(response.status).toBe(200);
      expect(valueOf(setCookies(response).get(name))).not.toBe(forged);
      expect(await response.json()).toEqual({ items: [{ productId: "linen-apron", quantity: 1 }] });
    }
  });

  it("serves a headless client by its Cart-Token and sets no cookie", async () => {
    const { sessions, push } = setup();
    const token = await storedCartToken(sessions, [{ productId: "enamel-mug", quantity: 3 }]);
    const response = await push(post({ "cart-token": token }), undefined);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.json()).toEqual({ items: [{ productId: "enamel-mug", quantity: 3 }, { productId: "linen-apron", quantity: 1 }] });
  });

  it("saves nothing when the handler throws", async () => {
    const { sessions } = setup();
    const failing = sessions.route<unknown, Cart>(async (_request, session) => {
      session.set("cart", [{ productId: "p", quantity: 1 }]);
      throw new Error("refused");
    });
    await expect(failing(post(), undefined)).rejects.toThrow("refused");
    expect(await env.store.countSessions({})).toBe(0);
  });

  it("answers an engine error in the API's error shape (an outage: 503 with Retry-After) instead of throwing it", async () => {
    const down = createCartSessions({ store: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")), secrets: TEST_SECRET, siteUrl: "https://shop.example" });
    const name = down.cookieNames().session;
    const push = down.route<unknown, Cart>(async (_request, session) => {
      session.update("cart", (cart) => addLine(cart, "linen-apron", 1));
      return Response.json({ ok: true });
    });
    // A returning visitor (the row is loaded when the session opens) and a new one (the save fails).
    const { sessions } = setup();
    const cookie = `${name}=${await storedCartToken(sessions, [{ productId: "enamel-mug", quantity: 1 }])}`;
    for (const request of [post({ cookie }), post()]) {
      const response = await push(request, undefined);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.json()).toEqual({ error: { code: "store_unavailable", message: expect.any(String) } });
    }
    const tooLarge = sessions.route<unknown, Cart>(async (_request, session) => {
      session.set("cart", [{ productId: "x".repeat(200_000), quantity: 1 }]);
      return Response.json({ ok: true });
    });
    expect((await tooLarge(post(), undefined)).status).toBe(413);
  });

  it("adds cookies to a response whose headers are immutable (a redirect)", async () => {
    const { sessions, name } = setup();
    const redirect = sessions.route<unknown, Cart>(async (_request, session) => {
      session.set("cart", [{ productId: "p", quantity: 1 }]);
      return Response.redirect("https://shop.example/cart", 303);
    });
    const response = await redirect(post(), undefined);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://shop.example/cart");
    expect(setCookies(response).has(name)).toBe(true);
  });

  it("passes the route context through (dynamic segments)", async () => {
    const { sessions } = setup();
    const handler = sessions.route<{ params: Promise<{ id: string }> }>(async (_request, _session, { params }) => Response.json(await params));
    expect(await (await handler(post(), { params: Promise.resolve({ id: "p1" }) })).json()).toEqual({ id: "p1" });
  });
});

describe("Cookie and Set-Cookie headers", () => {
  it("parses a Cookie header as Next does: trimmed, the last of a repeated name, escapes decoded when valid", () => {
    const parsed = parseCookieHeader(" a=1; b = two ;a=3; broken; =x; c=%E0%A4%A; d=%41");
    expect([...parsed]).toEqual([
      ["a", "3"],
      ["b", "two"],
      ["c", "%E0%A4%A"],
      ["d", "A"],
    ]);
    expect(parseCookieHeader(null).size).toBe(0);
  });

  it("serializes an expired cookie with Max-Age=0", () => {
    expect(serializeCookie("x", "", { path: "/", maxAge: 0, sameSite: "lax", httpOnly: true }, 0)).toBe("x=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=lax");
  });
});
