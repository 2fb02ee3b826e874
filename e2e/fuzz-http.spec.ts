import { randomBytes, randomInt } from "node:crypto";
import { expect, test } from "@playwright/test";

/*
 * Hostile input over HTTP (issue 7): 10,000 requests with mangled session cookies and
 * Cart-Tokens and malformed API bodies. Every answer is a page or cart for a fresh guest,
 * or a 4xx JSON error; never a 5xx; and the victim's stored cart never changes.
 */
const COUNT = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 16;

/** The part of a seal its HMAC covers (iron-session ignores a trailing `~<version>`). */
const core = (seal: string) => seal.split("~")[0];

/** A mangled copy that is no longer the same seal (a no-op change would rightly be accepted). */
function mangle(seal: string): string {
  for (;;) {
    const value = mangleOnce(seal);
    if (core(value) !== core(seal)) return value;
  }
}

function mangleOnce(seal: string): string {
  switch (randomInt(7)) {
    case 0:
      return randomBytes(randomInt(1, 300)).toString("base64url");
    case 1:
      return seal.slice(0, randomInt(0, seal.length));
    case 2:
      return seal + "A".repeat(randomInt(8192, 9000));
    case 3: {
      const i = randomInt(seal.length);
      return seal.slice(0, i) + (seal[i] === "x" ? "y" : "x") + seal.slice(i + 1);
    }
    case 4:
      return encodeURIComponent(seal);
    case 5:
      return Buffer.from(seal).toString("base64");
    default:
      return seal.split("*").reverse().join("*");
  }
}

const badBodies: (() => { body: string | Buffer; type: string })[] = [
  () => ({ body: "{", type: "application/json" }),
  () => ({ body: "", type: "application/json" }),
  () => ({ body: "null", type: "application/json" }),
  () => ({ body: "[]", type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: randomInt(1000, 1e9) }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: -randomInt(1, 100) }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: 1.5 }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: "3" }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: randomBytes(40).toString("hex"), quantity: 1 }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: { $ne: null }, quantity: 1 }), type: "application/json" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: 1, pad: "x".repeat(17_000) }), type: "application/json" }),
  () => ({ body: randomBytes(randomInt(1, 2000)), type: "application/json" }),
  () => ({ body: "productId=linen-apron&quantity=1", type: "application/x-www-form-urlencoded" }),
  () => ({ body: JSON.stringify({ productId: "linen-apron", quantity: 1 }), type: "text/plain" }),
  () => ({ body: '{"productId":"linen-apron","quantity":1e400}', type: "application/json" }),
  () => ({ body: '{"__proto__":{"quantity":5},"productId":"linen-apron"}', type: "application/json" }),
];

const weirdIds = ["..%2F..%2Fetc%2Fpasswd", "%00", "a".repeat(300), "%F0%9F%92%A9", "linen-apron%20OR%201=1", "<script>", "%E0%A4%A"];

test("10,000 hostile requests: no 5xx, only fresh guests or 4xx JSON errors, the victim's cart unchanged", async ({ playwright }) => {
  test.setTimeout(300_000);
  const baseURL = String(test.info().project.use.baseURL);
  const victim = await playwright.request.newContext({ baseURL });
  const seeded = await victim.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 3 } });
  expect(seeded.status()).toBe(200);
  const token = seeded.headers()["cart-token"]!;
  const sessionCookie = (await victim.storageState()).cookies.find((c) => c.name.startsWith("session_"))!;
  const before = await (await victim.get("/api/cart")).json();

  const attacker = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const failures: string[] = [];
  let sent = 0;
  async function one(): Promise<void> {
    const kind = randomInt(6);
    let response;
    if (kind === 0) {
      response = await attacker.get("/", { headers: { cookie: `${sessionCookie.name}=${mangle(sessionCookie.value)}` }, maxRedirects: 0 });
    } else if (kind === 1) {
      response = await attacker.get("/api/cart", { headers: { "cart-token": mangle(token) } });
    } else if (kind === 2) {
      response = await attacker.get("/api/session", { headers: { cookie: `${sessionCookie.name}=${mangle(sessionCookie.value)}` } });
    } else if (kind === 3) {
      const { body, type } = badBodies[randomInt(badBodies.length)]!();
      response = await attacker.post("/api/cart/items", { data: body, headers: { "content-type": type, "cart-token": mangle(token) } });
    } else if (kind === 4) {
      const id = weirdIds[randomInt(weirdIds.length)]!;
      response = await attacker.fetch(`/api/cart/items/${id}`, {
        method: randomInt(2) ? "PATCH" : "DELETE",
        data: JSON.stringify({ quantity: randomInt(-5, 2000) }),
        headers: { "content-type": "application/json", cookie: `${sessionCookie.name}=${mangle(sessionCookie.value)}` },
      });
    } else {
      response = await attacker.patch("/api/cart/items/linen-apron", {
        data: badBodies[randomInt(badBodies.length)]!().body,
        headers: { "content-type": "application/json", "cart-token": mangle(token) },
      });
    }
    const status = response.status();
    if (status >= 500) failures.push(`${status} ${response.url()}`);
    else if (status >= 400 && response.url().includes("/api/")) {
      const body = await response.json().catch(() => null);
      if (typeof body?.error?.code !== "string" || typeof body?.error?.message !== "string") failures.push(`${status} without the error shape: ${response.url()}`);
    } else if (status === 200 && response.url().endsWith("/api/cart")) {
      const body = await response.json();
      if (body.itemCount !== 0) failures.push(`a mangled token reached a cart with ${body.itemCount} items`);
    }
    await response.dispose();
  }
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (sent < COUNT) {
      sent++;
      await one();
    }
  });
  await Promise.all(workers);
  expect(failures.slice(0, 20)).toEqual([]);

  const after = await (await victim.get("/api/cart")).json();
  expect(after).toEqual(before);
  await victim.dispose();
  await attacker.dispose();
});
