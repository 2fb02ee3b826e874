import { randomBytes, randomInt } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newGuestCookie } from "./cookie.js";
import type { SessionEngine } from "./engine.js";
import { newGuestKey } from "./keys.js";
import { createProxyHandler } from "./next/proxy.js";
import { T0, tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";

let env: TempSqlite;
let engine: SessionEngine;
beforeAll(async () => {
  env = await tempSqlite();
  ({ engine } = testEngine(env.store));
});
afterAll(() => env.dispose());

/** Ways a hostile or broken client mangles a real seal. */
function mutate(seal: string): string {
  switch (randomInt(11)) {
    case 0:
      return randomBytes(randomInt(1, 400)).toString("base64url");
    case 1:
      return seal.slice(0, randomInt(0, seal.length));
    case 2:
      return seal + "x".repeat(randomInt(8192, 12000));
    case 3: {
      const i = randomInt(seal.length);
      return seal.slice(0, i) + (seal[i] === "A" ? "B" : "A") + seal.slice(i + 1);
    }
    case 4:
      return encodeURIComponent(seal).replace(/\*/g, "%2A");
    case 5:
      return Buffer.from(seal).toString("base64");
    case 6: {
      const parts = seal.split("*");
      parts[randomInt(parts.length)] = randomBytes(randomInt(0, 40)).toString("base64url");
      return parts.join("*");
    }
    case 7:
      return seal.split("*").reverse().join("*");
    case 8:
      // Anything appended after a valid seal.
      return `${seal}${["~", "+", " ", "~2", ";", ","][randomInt(6)]}${randomBytes(randomInt(0, 20)).toString("base64url")}`;
    case 9:
      return `${seal}+${seal}`;
    default:
      return `Fe26.2*${randomInt(1e9)}*${randomBytes(32).toString("hex")}*${randomBytes(16).toString("base64url")}*${randomBytes(64).toString("base64url")}*${T0 * 1000 + 1e9}*${randomBytes(32).toString("hex")}*${randomBytes(32).toString("base64url")}~2`;
  }
}

describe("hostile session cookies and Cart-Tokens", () => {
  it("answer 10,000 mangled values with a fresh guest and leave the stored session unchanged", async () => {
    const victim = await engine.open(newGuestCookie(engine.settings, newGuestKey(), T0), { writable: true });
    victim.set("cart", [{ productId: "apron", quantity: 2 }]);
    await victim.save();
    const seal = await engine.seal(victim.cookie);
    const before = await env.store.load(victim.getSessionKey());
    const proxy = createProxyHandler(() => engine);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = mutate(seal);
      const identity = await engine.identify(i % 2 === 0 ? { cookie: value } : { cartToken: value });
      if (identity.source !== "new") {
        // Only the exact seal may be accepted (a mutation that happened to change nothing).
        expect(value).toBe(seal);
        accepted++;
        continue;
      }
      expect(identity.cookie.key).not.toBe(victim.getSessionKey());
      if (i % 10 === 0) {
        expect((await engine.open(identity.cookie, { writable: false })).getSessionData()).toEqual({});
        const response = await proxy(new NextRequest("http://localhost:3000/cart", { headers: { cookie: `${engine.settings.cookieName}=${value}` } }));
        expect(response.cookies.get(engine.settings.cookieName)?.value).not.toBe(value);
      }
    }
    expect(accepted).toBeLessThan(100);
    expect(await env.store.load(victim.getSessionKey())).toEqual(before);
  }, 120_000);
});
