import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "./clock.js";
import { newGuestCookie, sealSessionCookie, type SessionCookie } from "./cookie.js";
import type { SessionEngine } from "./engine.js";
import { newGuestKey } from "./keys.js";
import { lifetimeFor } from "./lifetime.js";
import { resolveSettings } from "./options.js";
import { T0, TEST_SECRET, tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";

/*
 * docs/ARCHITECTURE.md, "Expiry": a session used after its renewal threshold is extended by
 * a full expiration in the cookie and the row; an expired cookie or row is never served.
 * Each "request" here is what the proxy and a route do: resolve the sealed cookie, open.
 */
const HOUR = 3_600;
const DAY = 86_400;
let env: TempSqlite;
let engine: SessionEngine;
let clock: ManualClock;

beforeEach(async () => {
  env = await tempSqlite();
  ({ engine, clock } = testEngine(env.store));
});
afterEach(() => env.dispose());

async function visit(sealed: string | undefined, writable = false) {
  const identity = await engine.identify({ cookie: sealed });
  const session = await engine.open<{ note: string }>(identity.cookie, { writable });
  return { identity, session };
}

async function guestWithNote(): Promise<{ cookie: SessionCookie; sealed: string }> {
  const session = await engine.open<{ note: string }>(newGuestCookie(engine.settings, newGuestKey(), T0), { writable: true });
  session.set("note", "gift wrap");
  await session.save();
  return { cookie: session.cookie, sealed: await engine.seal(session.cookie) };
}

/** The cookie end the row records, and the row's own expiry (one lifetime later). */
async function row(key: string) {
  const r = await env.store.load(key);
  return { activeUntil: r?.activeUntil, expiresAt: r?.expiresAt };
}

describe("guest lifetime (48 h, renewed after 47 h)", () => {
  it("stores the row with the cookie's expiration, kept one lifetime longer", async () => {
    const { cookie } = await guestWithNote();
    expect(cookie.expiration).toBe(T0 + 48 * HOUR);
    expect(cookie.expiring).toBe(T0 + 47 * HOUR);
    expect(await row(cookie.key)).toEqual({ activeUntil: T0 + 48 * HOUR, expiresAt: T0 + 96 * HOUR });
  });

  it("does not renew one second before the threshold", async () => {
    const { cookie, sealed } = await guestWithNote();
    clock.set(cookie.expiring - 1);
    const { identity, session } = await visit(sealed);
    expect(identity.renewed).toBe(false);
    expect(session.getExpiration()).toBe(T0 + 48 * HOUR);
    expect((await row(cookie.key)).activeUntil).toBe(T0 + 48 * HOUR);
  });

  it("renews at exactly the threshold by a full expiration, in the cookie and in the row", async () => {
    const { cookie, sealed } = await guestWithNote();
    const at = cookie.expiring;
    clock.set(at);
    const { identity, session } = await visit(sealed);
    expect(identity.renewed).toBe(true);
    expect(identity.cookie).toMatchObject({ key: cookie.key, expiration: at + 48 * HOUR, expiring: at + 47 * HOUR });
    expect(session.get("note")).toBe("gift wrap");
    expect((await row(cookie.key)).activeUntil).toBe(at + 48 * HOUR);
  });

  it("keeps the data for a cookie that the proxy renewed while the session was never opened", async () => {
    const { cookie, sealed } = await guestWithNote();
    // The proxy renews at the threshold with no database access; nothing opens the session.
    const at = cookie.expiring + 10;
    clock.set(at);
    const renewed = await engine.identify({ cookie: sealed });
    expect(renewed.renewed).toBe(true);
    const renewedSeal = await engine.seal(renewed.cookie);
    // The visitor returns long after the first expiration, before the renewed one, after a cleanup.
    clock.set(cookie.expiration + 40 * HOUR);
    await env.store.deleteExpired({ before: clock.nowSeconds() });
    expect((await visit(renewedSeal)).session.get("note")).toBe("gift wrap");
  });

  it("records the renewal as activity, so an inactivity purge spares a session in use", async () => {
    const { cookie, sealed } = await guestWithNote();
    const at = cookie.expiring + 60;
    clock.set(at);
    await visit(sealed);
    const [entry] = await env.store.listSessions({ limit: 1, offset: 0 });
    expect(entry).toMatchObject({ key: cookie.key, updatedAt: at });
  });

  it("ignores an expired cookie: the visitor is a fresh guest who cannot reach the old data", async () => {
    const { cookie, sealed } = await guestWithNote();
    clock.set(cookie.expiration);
    const { identity, session } = await visit(sealed);
    expect(identity.rejected).toBe(true);
    expect(identity.cookie.key).not.toBe(cookie.key);
    expect(session.get("note")).toBeUndefined();
    expect(session.hasSession()).toBe(false);
  });

  it("never serves an expired row, even to a valid cookie, and a new write replaces it", async () => {
    const { cookie, sealed } = await guestWithNote();
    const stored = await env.store.load(cookie.key);
    await env.store.save({ ...stored!, items: 0, now: T0, expiresAt: T0 + HOUR, expectedVersion: stored!.version });
    clock.set(T0 + HOUR);
    const { identity, session } = await visit(sealed, true);
    expect(identity.rejected).toBe(false);
    expect(session.get("note")).toBeUndefined();
    session.set("note", "fresh start");
    await session.save();
    const after = await env.store.load(cookie.key);
    expect(JSON.parse(after?.value ?? "{}")).toEqual({ note: "fresh start" });
    expect(after?.expiresAt).toBe(cookie.expiration + 48 * HOUR);
  });
});

describe("logged-in lifetime", () => {
  it("lasts 7 days and renews in its last hour", async () => {
    const login = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "42");
    expect(login.cookie.expiration).toBe(T0 + 7 * DAY);
    expect(login.cookie.expiring).toBe(T0 + 7 * DAY - HOUR);
    expect((await row(login.cookie.key)).activeUntil).toBe(T0 + 7 * DAY);
    const at = T0 + 7 * DAY - 10 * 60;
    clock.set(at);
    const { identity, session } = await visit(await engine.seal(login.cookie));
    expect(session.isGuest()).toBe(false);
    expect(identity.cookie).toMatchObject({ customerId: "42", expiration: at + 7 * DAY });
    expect((await row(login.cookie.key)).activeUntil).toBe(at + 7 * DAY);
  });
});

describe("lifetime hooks (wc_session_expiration / wc_session_expiring)", () => {
  const isB2B = (customerId: string | null) => customerId?.startsWith("b2b-") ?? false;
  const hooks = {
    expiration: (seconds: number, { customerId }: { customerId: string | null }) => (isB2B(customerId) ? 30 * DAY : seconds),
    expiring: (seconds: number, { customerId }: { customerId: string | null }) => (isB2B(customerId) ? 29 * DAY : seconds),
  };

  it("gives a B2B customer a 30-day cart in the cookie and the row, and leaves others alone", async () => {
    const hooked = testEngine(env.store, { lifetimes: hooks }).engine;
    const login = await hooked.logIn(newGuestCookie(hooked.settings, newGuestKey(), T0), "b2b-7");
    expect(login.cookie.expiration).toBe(T0 + 30 * DAY);
    expect((await row(login.cookie.key)).activeUntil).toBe(T0 + 30 * DAY);
    expect(lifetimeFor(hooked.settings, "8").expiration).toBe(7 * DAY);
    expect(lifetimeFor(hooked.settings, null).expiration).toBe(48 * HOUR);
  });

  it("renews with the hooked lifetime once past the hooked threshold", async () => {
    const hooked = testEngine(env.store, { lifetimes: hooks }).engine;
    const login = await hooked.logIn(newGuestCookie(hooked.settings, newGuestKey(), T0), "b2b-7");
    const sealed = await sealSessionCookie(hooked.settings, login.cookie, T0);
    const settings = hooked.settings;
    const { resolveIdentity } = await import("./identity.js");
    expect((await resolveIdentity(settings, T0 + 29 * DAY - 1, { cookie: sealed })).renewed).toBe(false);
    expect((await resolveIdentity(settings, T0 + 29 * DAY, { cookie: sealed })).cookie.expiration).toBe(T0 + 59 * DAY);
  });

  it("keeps the threshold before the end when a hook pushes it past", () => {
    const settings = resolveSettings({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", lifetimes: { expiring: () => 10 * DAY } });
    const lifetime = lifetimeFor(settings, null);
    expect(lifetime.expiring).toBeLessThan(lifetime.expiration);
  });

  it("refuses a hook result that could never be read back from a cookie", () => {
    const nan = resolveSettings({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", lifetimes: { expiring: () => Number.NaN } });
    expect(() => lifetimeFor(nan, "9")).toThrow(/expiring hook returned an invalid value/);
    const inf = resolveSettings({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", lifetimes: { expiration: () => Number.POSITIVE_INFINITY } });
    expect(() => lifetimeFor(inf, "9")).toThrow(/expiration hook returned an invalid value/);
  });
});
