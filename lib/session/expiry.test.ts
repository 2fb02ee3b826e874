import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { manualClock } from "./clock";
import { newSessionCookie, sealSessionCookie, type SessionCookie } from "./cookie";
import { resolveIdentity } from "./identity";
import { generateGuestKey } from "./keys";
import { lifetimeFor, setLifetimeHooks } from "./lifetime";
import { Session, type SessionDeps } from "./session";

/*
 * DESIGN.md section 3: a session used after its renewal threshold is extended by a full
 * expiration in both the cookie and the row; an expired cookie or row is never served.
 * Each "request" here is what proxy.ts and a route do: resolve the sealed cookie, open.
 */

const T0 = 1_800_000_000;
const HOUR = 3_600;
const DAY = 86_400;
const config = testConfig();
const clock = manualClock(T0);
let env: ReturnType<typeof tempSqliteStore>;
let deps: SessionDeps;

beforeEach(() => {
  env = tempSqliteStore();
  clock.set(T0);
  deps = { store: env.store, config, clock, backoff: async () => {} };
});
afterEach(async () => {
  setLifetimeHooks({});
  await env.dispose();
});

/** A visitor's request at the clock's time: unseal (and renew) the cookie, open the session. */
async function visit(sealed: string | undefined, writable = false) {
  const identity = await resolveIdentity(config, clock.nowSeconds(), { cookie: sealed });
  const session = await Session.open<{ note: string }>(deps, { cookie: identity.cookie, writable });
  return { identity, session };
}

/** A guest who stored a note at T0; returns their sealed cookie. */
async function guestWithNote(): Promise<{ cookie: SessionCookie; sealed: string }> {
  const session = await Session.open<{ note: string }>(deps, { cookie: newSessionCookie(config, generateGuestKey(), T0), writable: true });
  session.set("note", "gift wrap");
  await session.save();
  return { cookie: session.cookie, sealed: await sealSessionCookie(config, session.cookie, T0) };
}

/**
 * The cookie expiration the row covers. The row itself is kept one lifetime longer
 * (rowExpiryFor), so a cookie renewed by proxy.ts without a query still finds it.
 */
async function rowExpiry(key: string): Promise<number | undefined> {
  const expiry = (await env.store.load(key))?.expiry;
  return expiry === undefined ? undefined : expiry - lifetimeFor(config, key).expiration;
}

describe("guest lifetime (48 h, renewed after 47 h)", () => {
  it("stores the row with the cookie's expiration", async () => {
    const { cookie } = await guestWithNote();
    expect(cookie.expiration).toBe(T0 + 48 * HOUR);
    expect(cookie.expiring).toBe(T0 + 47 * HOUR);
    expect(await rowExpiry(cookie.customerId)).toBe(T0 + 48 * HOUR);
  });

  it("does not renew one second before the threshold", async () => {
    const { cookie, sealed } = await guestWithNote();
    clock.set(cookie.expiring - 1);
    const { identity, session } = await visit(sealed);
    expect(identity.renewed).toBe(false);
    expect(session.getExpiration()).toBe(T0 + 48 * HOUR);
    expect(await rowExpiry(cookie.customerId)).toBe(T0 + 48 * HOUR);
  });

  it("renews at exactly the threshold by a full expiration, in the cookie and in the row", async () => {
    const { cookie, sealed } = await guestWithNote();
    const at = cookie.expiring;
    clock.set(at);
    const { identity, session } = await visit(sealed);
    expect(identity.renewed).toBe(true);
    expect(identity.cookie).toMatchObject({ customerId: cookie.customerId, expiration: at + 48 * HOUR, expiring: at + 47 * HOUR });
    expect(session.get("note")).toBe("gift wrap");
    expect(await rowExpiry(cookie.customerId)).toBe(at + 48 * HOUR);
  });

  it("renews a session used after the threshold, and the renewed session outlives the first expiration", async () => {
    const { cookie, sealed } = await guestWithNote();
    const at = cookie.expiring + 30 * 60;
    clock.set(at);
    const { identity } = await visit(sealed);
    expect(await rowExpiry(cookie.customerId)).toBe(at + 48 * HOUR);

    const renewedSeal = await sealSessionCookie(config, identity.cookie, at);
    clock.set(cookie.expiration + 10 * HOUR);
    const later = await visit(renewedSeal);
    expect(later.identity.cookie.customerId).toBe(cookie.customerId);
    expect(later.session.get("note")).toBe("gift wrap");
  });

  it("keeps the data for a cookie that proxy.ts renewed while the session was never opened", async () => {
    const { cookie, sealed } = await guestWithNote();
    // proxy.ts renews at the threshold with no database access; nothing opens the session.
    const at = cookie.expiring + 10;
    const renewed = await resolveIdentity(config, at, { cookie: sealed });
    expect(renewed.renewed).toBe(true);
    const renewedSeal = await sealSessionCookie(config, renewed.cookie, at);
    // The visitor returns long after the first expiration, before the renewed one.
    clock.set(cookie.expiration + 40 * HOUR);
    await env.store.deleteExpired({ before: clock.nowSeconds() });
    const later = await visit(renewedSeal);
    expect(later.session.get("note")).toBe("gift wrap");
  });

  it("records the renewal as activity, so an inactivity purge spares a session in use", async () => {
    const { cookie, sealed } = await guestWithNote();
    const at = cookie.expiring + 60;
    clock.set(at);
    await visit(sealed);
    const [entry] = await env.store.list({ limit: 1, offset: 0 });
    expect(entry).toMatchObject({ key: cookie.customerId, updated: at });
  });

  it("ignores an expired cookie: the visitor is a fresh guest who cannot reach the old data", async () => {
    const { cookie, sealed } = await guestWithNote();
    clock.set(cookie.expiration);
    const { identity, session } = await visit(sealed);
    expect(identity.rejected).toBe(true);
    expect(identity.cookie.customerId).not.toBe(cookie.customerId);
    expect(session.get("note")).toBeUndefined();
    expect(session.hasSession()).toBe(false);
  });

  it("never serves an expired row, even to a valid cookie, and a new write replaces it", async () => {
    const { cookie, sealed } = await guestWithNote();
    // The row ran out (e.g. an older lifetime) while the cookie still claims 48 h.
    await env.store.touch(cookie.customerId, T0 + HOUR, T0);
    clock.set(T0 + HOUR);
    const { identity, session } = await visit(sealed, true);
    expect(identity.rejected).toBe(false);
    expect(session.get("note")).toBeUndefined();

    session.set("note", "fresh start");
    await session.save();
    const row = await env.store.load(cookie.customerId);
    expect(JSON.parse(row?.value ?? "{}")).toEqual({ note: "fresh start" });
    expect(row?.expiry).toBe(cookie.expiration + config.guestExpiration);
  });
});

describe("logged-in lifetime", () => {
  it("lasts 7 days and renews in its last hour", async () => {
    const user = newSessionCookie(config, "42", T0);
    expect(user.expiration).toBe(T0 + 7 * DAY);
    expect(user.expiring).toBe(T0 + 7 * DAY - HOUR);
    const session = await Session.open(deps, { cookie: { ...user, persisted: true }, writable: true, authenticated: true });
    session.persist();
    await session.save();
    expect(await rowExpiry("42")).toBe(T0 + 7 * DAY);

    const at = T0 + 7 * DAY - 10 * 60;
    clock.set(at);
    const { identity } = await visit(await sealSessionCookie(config, session.cookie, T0));
    expect(identity.cookie).toMatchObject({ customerId: "42", expiration: at + 7 * DAY });
    expect(await rowExpiry("42")).toBe(at + 7 * DAY);
  });
});

describe("lifetime hooks (wc_session_expiration / wc_session_expiring)", () => {
  const isB2B = (customerId: string) => customerId.startsWith("b2b-");

  beforeEach(() => {
    setLifetimeHooks({
      expiration: (seconds, { customerId }) => (isB2B(customerId) ? 30 * DAY : seconds),
      expiring: (seconds, { customerId }) => (isB2B(customerId) ? 29 * DAY : seconds),
    });
  });

  it("gives a B2B customer a 30-day cart in the cookie and the row, and leaves others alone", async () => {
    const session = await Session.open(deps, { cookie: { ...newSessionCookie(config, "b2b-7", T0), persisted: true }, writable: true, authenticated: true });
    session.persist();
    await session.save();
    expect(session.getExpiration()).toBe(T0 + 30 * DAY);
    expect(await rowExpiry("b2b-7")).toBe(T0 + 30 * DAY);
    expect(newSessionCookie(config, "8", T0).expiration).toBe(T0 + 7 * DAY);
    expect(newSessionCookie(config, generateGuestKey(), T0).expiration).toBe(T0 + 48 * HOUR);
  });

  it("renews with the hooked lifetime once past the hooked threshold", async () => {
    const sealed = await sealSessionCookie(config, newSessionCookie(config, "b2b-7", T0), T0);
    expect((await resolveIdentity(config, T0 + 29 * DAY - 1, { cookie: sealed })).renewed).toBe(false);
    const renewed = await resolveIdentity(config, T0 + 29 * DAY, { cookie: sealed });
    expect(renewed.cookie.expiration).toBe(T0 + 29 * DAY + 30 * DAY);
  });

  it("keeps the threshold before the end when a hook pushes it past", () => {
    setLifetimeHooks({ expiring: () => 10 * DAY });
    const lifetime = lifetimeFor(config, generateGuestKey());
    expect(lifetime.expiring).toBeLessThan(lifetime.expiration);
  });

  it("refuses a hook result that could never be read back from a cookie", () => {
    setLifetimeHooks({ expiring: () => Number.NaN });
    expect(() => lifetimeFor(config, "9")).toThrow(/invalid expiring/);
    setLifetimeHooks({ expiration: () => Number.POSITIVE_INFINITY });
    expect(() => lifetimeFor(config, "9")).toThrow(/invalid expiration/);
  });
});
