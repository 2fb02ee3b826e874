import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { optionsFromEnv } from "./env.js";
import { resolveSettings } from "./options.js";

const SECRET = "options-test-secret-0123456789abcdef";
const fromEnv = (env: Record<string, string>) => resolveSettings(optionsFromEnv({ SESSION_SECRET: SECRET, ...env }));

describe("options", () => {
  it("have the documented defaults", () => {
    const s = fromEnv({});
    expect(s.lifetimes).toMatchObject({ guestExpiration: 172_800, guestExpiring: 169_200, customerExpiration: 604_800, customerExpiring: 604_800 - 3_600 });
    expect(s).toMatchObject({ issue: "eager", siteUrl: "http://localhost:3000", secure: false, maxValueBytes: 102_400, cartKey: "cart", merge: "merge", persistentCart: true, maxDevices: 20 });
    expect(s.cleanup).toEqual({ batchSize: 5_000, budgetMs: 10_000, purgeAfterDays: undefined });
    expect(s.cookieName).toMatch(/^session_[0-9a-f]{32}$/);
  });

  it("derive the cookie name from SITE_URL, with __Host- on https", () => {
    const a = fromEnv({ SITE_URL: "https://a.example.com" });
    const b = fromEnv({ SITE_URL: "https://b.example.com" });
    expect(a.cookieName).not.toBe(b.cookieName);
    expect(a.cookieName).toMatch(/^__Host-session_[0-9a-f]{32}$/);
    expect(a.secure).toBe(true);
    expect(fromEnv({ SITE_URL: "https://a.example.com", SESSION_COOKIE_HOST_PREFIX: "false" }).cookieName).toMatch(/^session_/);
  });

  it.each([
    [{ SESSION_EXPIRATION: "two days" }, /SESSION_EXPIRATION must be a whole number/],
    [{ SESSION_EXPIRING: "30" }, /SESSION_EXPIRING must be between 60 and/],
    [{ SESSION_EXPIRING: "200000" }, /SESSION_EXPIRING \(200000\) must be less than SESSION_EXPIRATION/],
    [{ SESSION_ISSUE: "sometimes" }, /SESSION_ISSUE/],
    [{ SITE_URL: "not a url" }, /SITE_URL/],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET.*32/],
    // Issue 27: long enough, but a placeholder, not a secret.
    [{ SESSION_SECRET: "a".repeat(32) }, /SESSION_SECRET password 1 uses only 1 different character/],
    [{ SESSION_SECRET: `${"options-test-secret-0123456789abcdef"},${"ab".repeat(20)}` }, /SESSION_SECRET password 2 uses only 2 different characters/],
    [{ SESSION_USER_EXPIRATION: "-5" }, /SESSION_USER_EXPIRATION/],
    [{ SESSION_PURGE_AFTER_DAYS: "1" }, /SESSION_PURGE_AFTER_DAYS.*longer than the longest session lifetime/],
    [{ SESSION_LOGIN_MERGE: "both" }, /SESSION_LOGIN_MERGE/],
    [{ SESSION_PERSISTENT_CART: "maybe" }, /SESSION_PERSISTENT_CART/],
  ])("fail fast naming the variable: %o", (env, message) => {
    expect(() => optionsFromEnv({ SESSION_SECRET: SECRET, ...env })).toThrow(message);
  });

  it("pass a weak CRON_SECRET through (the cleanup route and validate() refuse it; pages never fail because of it)", () => {
    expect(optionsFromEnv({ SESSION_SECRET: SECRET, CRON_SECRET: "short" }).cronSecret).toBe("short");
  });

  it("refuse to start without SESSION_SECRET unless a generated secret is allowed", () => {
    expect(() => optionsFromEnv({})).toThrow(/SESSION_SECRET is not set/);
  });

  it("generate a secret once into a file when allowed, warning at every start until SESSION_SECRET is set", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-options-"));
    try {
      const file = path.join(dir, "session-secret");
      const warnings: string[] = [];
      const first = optionsFromEnv({}, { generatedSecretFile: file, warn: (m) => warnings.push(m) });
      const second = optionsFromEnv({}, { generatedSecretFile: file, warn: (m) => warnings.push(m) });
      expect(first.secrets).toHaveLength(64);
      expect(second.secrets).toEqual(first.secrets);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/SESSION_SECRET is not set/);
      expect(readFileSync(file, "utf8")).toBe(first.secrets);
      expect(statSync(file).mode & 0o077).toBe(0);
      optionsFromEnv({ SESSION_SECRET: SECRET }, { generatedSecretFile: file, warn: (m) => warnings.push(m) });
      expect(warnings).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("name option paths when set in code", () => {
    expect(() => resolveSettings({ secrets: SECRET, siteUrl: "http://x", lifetimes: { guest: { expiring: 10 } } })).toThrow(/lifetimes.guest.expiring/);
    expect(() => resolveSettings({ secrets: [SECRET, "short"], siteUrl: "http://x" })).toThrow(/secrets password 2 is 5 characters/);
  });
});
