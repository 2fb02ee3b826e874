import { describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { newSessionCookie, sealSessionCookie, unsealSessionCookie, isSealedWithCurrentPassword } from "./cookie";
import { resolveIdentity } from "./identity";
import { generateGuestKey, isGuestKey, isValidSessionKey } from "./keys";

const T0 = 1_800_000_000;
const config = testConfig();

describe("session keys", () => {
  it("guest keys have WooCommerce's shape: t_ + 30 hex", () => {
    const key = generateGuestKey();
    expect(key).toMatch(/^t_[0-9a-f]{30}$/);
    expect(isGuestKey(key)).toBe(true);
    expect(generateGuestKey()).not.toBe(key);
  });

  it("rejects keys that could not have come from us before any query", () => {
    for (const bad of ["", "t_xyz", "t_" + "a".repeat(31), "1; DROP TABLE sessions", "x".repeat(33), "a b", 42, null]) {
      expect(isValidSessionKey(bad)).toBe(false);
    }
    expect(isValidSessionKey("42")).toBe(true);
  });
});

describe("cookie sealing", () => {
  it("round-trips the payload", async () => {
    const cookie = { ...newSessionCookie(config, generateGuestKey(), T0), items: 3, cartHash: "ab".repeat(16), persisted: true };
    const sealed = await sealSessionCookie(config, cookie, T0);
    expect(sealed).not.toContain(cookie.customerId);
    expect(await unsealSessionCookie(testConfig(), sealed, T0 + 10)).toEqual(cookie);
  });

  it("treats tampered, truncated, garbage and oversized values as absent", async () => {
    const sealed = await sealSessionCookie(config, newSessionCookie(config, generateGuestKey(), T0), T0);
    const fresh = testConfig();
    const flipped = sealed.slice(0, 60) + (sealed[60] === "A" ? "B" : "A") + sealed.slice(61);
    for (const bad of [flipped, sealed.slice(0, sealed.length - 5), "garbage", "Fe26.2**", "x".repeat(9000), ""]) {
      expect(await unsealSessionCookie(fresh, bad, T0)).toBeNull();
    }
  });

  it("treats an expired cookie as absent", async () => {
    const cookie = newSessionCookie(config, generateGuestKey(), T0);
    const sealed = await sealSessionCookie(config, cookie, T0);
    expect(await unsealSessionCookie(config, sealed, cookie.expiration - 1)).not.toBeNull();
    expect(await unsealSessionCookie(config, sealed, cookie.expiration)).toBeNull();
  });

  it("rejects a cookie sealed with another secret", async () => {
    const other = testConfig({ SESSION_SECRET: "another-secret-another-secret-another-1" });
    const sealed = await sealSessionCookie(other, newSessionCookie(other, generateGuestKey(), T0), T0);
    expect(await unsealSessionCookie(config, sealed, T0)).toBeNull();
  });

  it("rotates passwords: the first seals, every one unseals", async () => {
    const oldSecret = "old-password-old-password-old-password-1";
    const newSecret = "new-password-new-password-new-password-2";
    const before = testConfig({ SESSION_SECRET: oldSecret });
    const after = testConfig({ SESSION_SECRET: `${newSecret},${oldSecret}` });
    const oldSeal = await sealSessionCookie(before, newSessionCookie(before, generateGuestKey(), T0), T0);
    expect(await unsealSessionCookie(after, oldSeal, T0)).not.toBeNull();
    expect(isSealedWithCurrentPassword(after, oldSeal)).toBe(false);
    const newSeal = await sealSessionCookie(after, newSessionCookie(after, generateGuestKey(), T0), T0);
    expect(isSealedWithCurrentPassword(after, newSeal)).toBe(true);
    expect(await unsealSessionCookie(testConfig({ SESSION_SECRET: newSecret }), newSeal, T0)).not.toBeNull();
    expect(await unsealSessionCookie(before, newSeal, T0)).toBeNull();
  });
});

describe("resolveIdentity", () => {
  it("gives a fresh guest for a forged cookie, silently", async () => {
    const identity = await resolveIdentity(config, T0, { cookie: "Fe26.2*1*forged" });
    expect(identity.source).toBe("new");
    expect(identity.rejected).toBe(true);
    expect(isGuestKey(identity.cookie.customerId)).toBe(true);
    expect(identity.cookie.expiration).toBe(T0 + config.guestExpiration);
  });

  it("renews a session used after its threshold by a full expiration", async () => {
    const cookie = newSessionCookie(config, generateGuestKey(), T0);
    const sealed = await sealSessionCookie(config, cookie, T0);
    const before = await resolveIdentity(config, cookie.expiring - 1, { cookie: sealed });
    expect(before.renewed).toBe(false);
    expect(before.cookie.expiration).toBe(cookie.expiration);

    const at = cookie.expiring;
    const renewed = await resolveIdentity(config, at, { cookie: sealed });
    expect(renewed.renewed).toBe(true);
    expect(renewed.cookie.customerId).toBe(cookie.customerId);
    expect(renewed.cookie.expiration).toBe(at + config.guestExpiration);
    expect(renewed.cookie.expiring).toBe(at + config.guestExpiring);
  });

  it("uses a valid Cart-Token when there is no cookie", async () => {
    const cookie = newSessionCookie(config, generateGuestKey(), T0);
    const token = await sealSessionCookie(config, cookie, T0);
    const identity = await resolveIdentity(config, T0, { cookie: undefined, cartToken: token });
    expect(identity.source).toBe("cart-token");
    expect(identity.cookie.customerId).toBe(cookie.customerId);
    const forged = await resolveIdentity(config, T0, { cookie: undefined, cartToken: token.slice(0, -3) + "abc" });
    expect(forged.source).toBe("new");
  });
});
