import { randomBytes, randomInt } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { manualClock } from "../lib/session/clock";
import { newSessionCookie, sealSessionCookie } from "../lib/session/cookie";
import { resolveIdentity } from "../lib/session/identity";
import { generateGuestKey } from "../lib/session/keys";
import { handleSessionProxy } from "../lib/session/proxy-handler";
import { Session } from "../lib/session/session";
import { testConfig } from "./helpers/config";
import { tempSqliteStore } from "./helpers/sqlite";

const T0 = 1_800_000_000;
const config = testConfig();
const clock = manualClock(T0);
const env = tempSqliteStore();
afterAll(() => env.dispose());

/** Ways a hostile or broken client mangles a real seal. */
function mutate(seal: string): string {
  const kind = randomInt(9);
  switch (kind) {
    case 0:
      return randomBytes(randomInt(1, 400)).toString("base64url");
    case 1:
      return seal.slice(0, randomInt(0, seal.length));
    case 2:
      return seal + "x".repeat(randomInt(8192, 12000));
    case 3: {
      const i = randomInt(seal.length);
      const c = seal[i] === "A" ? "B" : "A";
      return seal.slice(0, i) + c + seal.slice(i + 1);
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
    default:
      return `Fe26.2*${randomInt(1e9)}*${randomBytes(32).toString("hex")}*${randomBytes(16).toString("base64url")}*${randomBytes(64).toString("base64url")}*${T0 * 1000 + 1e9}*${randomBytes(32).toString("hex")}*${randomBytes(32).toString("base64url")}`;
  }
}

describe("hostile session cookies and Cart-Tokens", () => {
  it("answer 10,000 mangled values with a fresh guest and leave the stored session unchanged", async () => {
    const victim = await Session.open(
      { store: env.store, config, clock },
      { cookie: newSessionCookie(config, generateGuestKey(), T0), writable: true },
    );
    victim.set("cart", [{ productId: "apron", quantity: 2 }]);
    await victim.save();
    const seal = await sealSessionCookie(config, victim.cookie, T0);
    const before = await env.store.load(victim.getCustomerId());

    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = mutate(seal);
      const asCookie = i % 2 === 0;
      const identity = await resolveIdentity(config, T0, asCookie ? { cookie: value } : { cookie: undefined, cartToken: value });
      if (identity.source !== "new") {
        // Only an unchanged seal may be accepted (e.g. a no-op re-encoding).
        expect(identity.cookie.customerId).toBe(victim.getCustomerId());
        accepted++;
        continue;
      }
      expect(identity.cookie.customerId).not.toBe(victim.getCustomerId());
      if (i % 10 === 0) {
        const session = await Session.open({ store: env.store, config, clock }, { cookie: identity.cookie, writable: false });
        expect(session.getSessionData()).toEqual({});
        const response = await handleSessionProxy(
          new NextRequest("http://localhost:3000/", { headers: { cookie: `${config.cookieName}=${value}` } }),
          { config, clock },
        );
        expect(response.cookies.get(config.cookieName)?.value).not.toBe(value);
      }
    }
    expect(accepted).toBeLessThan(100);
    expect(await env.store.load(victim.getCustomerId())).toEqual(before);
  }, 120_000);
});
