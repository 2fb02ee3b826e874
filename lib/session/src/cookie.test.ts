import { describe, expect, it } from "vitest";
import { clearUnsealCache, isSealedWithCurrentPassword, newCustomerCookie, newGuestCookie, sealSessionCookie, unsealSessionCookie } from "./cookie.js";
import { resolveIdentity } from "./identity.js";
import { isCustomerId, isSessionKey, newCustomerSessionKey, newGuestKey, newLoginId } from "./keys.js";
import { resolveSettings } from "./options.js";
import { T0, TEST_SECRET } from "./test-helpers.js";

const settings = resolveSettings({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000" });
const withSecret = (secrets: string) => resolveSettings({ secrets, siteUrl: "http://localhost:3000" });

describe("session keys and customer ids", () => {
  it("guest keys have WooCommerce's shape (t_ + 30 hex), customer session keys c_ + 30 hex, all random", () => {
    const key = newGuestKey();
    expect(key).toMatch(/^t_[0-9a-f]{30}$/);
    expect(newCustomerSessionKey()).toMatch(/^c_[0-9a-f]{30}$/);
    expect(newGuestKey()).not.toBe(key);
    expect(isSessionKey(key)).toBe(true);
  });

  it("rejects keys that could not have come from us before any query", () => {
    for (const bad of ["", "t_xyz", "t_" + "a".repeat(31), "1; DROP TABLE sessions", "42", "x_" + "a".repeat(30), 42, null]) {
      expect(isSessionKey(bad)).toBe(false);
    }
  });

  it("accepts any customer id an auth library gives, up to 255 characters", () => {
    for (const id of ["550e8400-e29b-41d4-a716-446655440000", "cjld2cjxh0000qzrmn831i7rn", "user_2abcXYZ", "42", "ü".repeat(255), "a@b.example"]) {
      expect(isCustomerId(id)).toBe(true);
    }
    for (const bad of ["", "x".repeat(256), "a\u0000b", "line\nbreak", 7, null]) expect(isCustomerId(bad)).toBe(false);
  });
});

describe("cookie sealing", () => {
  it("round-trips who the visitor is, and only that", async () => {
    const cookie = newCustomerCookie(settings, newCustomerSessionKey(), "550e8400-e29b-41d4-a716-446655440000", newLoginId(), T0);
    const sealed = await sealSessionCookie(settings, cookie, T0);
    expect(sealed).not.toContain(cookie.key);
    clearUnsealCache(settings);
    expect(await unsealSessionCookie(settings, sealed, T0 + 10)).toEqual(cookie);
  });

  it("treats tampered, truncated, garbage, oversized and padded values as absent", async () => {
    const sealed = await sealSessionCookie(settings, newGuestCookie(settings, newGuestKey(), T0), T0);
    const flipped = sealed.slice(0, 60) + (sealed[60] === "A" ? "B" : "A") + sealed.slice(61);
    for (const bad of [flipped, sealed.slice(0, sealed.length - 5), "garbage", "Fe26.2**", "x".repeat(9000), "", `${sealed}~junk`, `${sealed}+${sealed}`, `${sealed} `, `${sealed}x`]) {
      expect(await unsealSessionCookie(settings, bad, T0)).toBeNull();
    }
    // The genuine value still works (and nothing above poisoned the cache).
    expect(await unsealSessionCookie(settings, sealed, T0)).not.toBeNull();
  });

  it("treats an expired cookie as absent", async () => {
    const cookie = newGuestCookie(settings, newGuestKey(), T0);
    const sealed = await sealSessionCookie(settings, cookie, T0);
    expect(await unsealSessionCookie(settings, sealed, cookie.expiration - 1)).not.toBeNull();
    expect(await unsealSessionCookie(settings, sealed, cookie.expiration)).toBeNull();
  });

  it("rejects a cookie sealed with another secret", async () => {
    const other = withSecret("another-secret-another-secret-another-1");
    const sealed = await sealSessionCookie(other, newGuestCookie(other, newGuestKey(), T0), T0);
    expect(await unsealSessionCookie(settings, sealed, T0)).toBeNull();
  });

  it("rotates passwords: the first seals, every one unseals", async () => {
    const oldSecret = "old-password-old-password-old-password-1";
    const newSecret = "new-password-new-password-new-password-2";
    const before = withSecret(oldSecret);
    const after = withSecret(`${newSecret},${oldSecret}`);
    const oldSeal = await sealSessionCookie(before, newGuestCookie(before, newGuestKey(), T0), T0);
    expect(await unsealSessionCookie(after, oldSeal, T0)).not.toBeNull();
    expect(isSealedWithCurrentPassword(after, oldSeal)).toBe(false);
    const newSeal = await sealSessionCookie(after, newGuestCookie(after, newGuestKey(), T0), T0);
    expect(isSealedWithCurrentPassword(after, newSeal)).toBe(true);
    expect(await unsealSessionCookie(withSecret(newSecret), newSeal, T0)).not.toBeNull();
    expect(await unsealSessionCookie(before, newSeal, T0)).toBeNull();
  });

  it("never seals the same state twice", async () => {
    const cookie = newGuestCookie(settings, newGuestKey(), T0);
    const first = await sealSessionCookie(settings, cookie, T0);
    expect(await sealSessionCookie(settings, cookie, T0)).toBe(first);
  });
});

describe("resolveIdentity", () => {
  it("gives a fresh guest for a forged cookie, silently", async () => {
    const identity = await resolveIdentity(settings, T0, { cookie: "Fe26.2*1*forged" });
    expect(identity).toMatchObject({ source: "new", rejected: true });
    expect(identity.cookie).toMatchObject({ customerId: null, loginId: null, persisted: false, expiration: T0 + settings.lifetimes.guestExpiration });
  });

  it("renews a session used after its threshold by a full expiration", async () => {
    const cookie = newGuestCookie(settings, newGuestKey(), T0);
    const sealed = await sealSessionCookie(settings, cookie, T0);
    const before = await resolveIdentity(settings, cookie.expiring - 1, { cookie: sealed });
    expect(before.renewed).toBe(false);
    expect(before.cookie.expiration).toBe(cookie.expiration);
    const at = cookie.expiring;
    const renewed = await resolveIdentity(settings, at, { cookie: sealed });
    expect(renewed.renewed).toBe(true);
    expect(renewed.cookie).toMatchObject({ key: cookie.key, expiration: at + settings.lifetimes.guestExpiration, expiring: at + settings.lifetimes.guestExpiring });
  });

  it("uses a valid Cart-Token when there is no cookie, and never a forged one", async () => {
    const cookie = newGuestCookie(settings, newGuestKey(), T0);
    const token = await sealSessionCookie(settings, cookie, T0);
    const identity = await resolveIdentity(settings, T0, { cartToken: token });
    expect(identity.source).toBe("cart-token");
    expect(identity.cookie.key).toBe(cookie.key);
    expect((await resolveIdentity(settings, T0, { cartToken: token.slice(0, -5) + "abc~2" })).source).toBe("new");
    expect((await resolveIdentity(settings, T0, { cartToken: `${token}~x` })).source).toBe("new");
  });
});
