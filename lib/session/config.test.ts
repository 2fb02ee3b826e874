import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { lifetimeFor, setLifetimeHooks } from "./lifetime";
import { testConfig } from "../../test/helpers/config";

const SECRET = "s".repeat(32);

describe("configuration", () => {
  it("has the documented defaults", () => {
    const config = loadConfig({ SESSION_SECRET: SECRET }, () => {});
    expect(config.guestExpiration).toBe(172_800);
    expect(config.guestExpiring).toBe(169_200);
    expect(config.userExpiration).toBe(604_800);
    expect(config.issue).toBe("eager");
    expect(config.siteUrl).toBe("http://localhost:3000");
    expect(config.secureCookies).toBe(false);
    expect(config.cookieName).toMatch(/^session_[0-9a-f]{32}$/);
    expect(config.databaseUrl).toBeUndefined();
  });

  it("derives the cookie name from SITE_URL, so two stores on one domain do not collide", () => {
    const a = loadConfig({ SESSION_SECRET: SECRET, SITE_URL: "https://a.example.com" }, () => {});
    const b = loadConfig({ SESSION_SECRET: SECRET, SITE_URL: "https://b.example.com" }, () => {});
    expect(a.cookieName).not.toBe(b.cookieName);
    expect(a.secureCookies).toBe(true);
  });

  it.each([
    [{ SESSION_EXPIRATION: "two days" }, /SESSION_EXPIRATION/],
    [{ SESSION_EXPIRING: "200000" }, /SESSION_EXPIRING/],
    [{ SESSION_ISSUE: "sometimes" }, /SESSION_ISSUE/],
    [{ SITE_URL: "not a url" }, /SITE_URL/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET.*32/],
    [{ SESSION_USER_EXPIRATION: "-5" }, /SESSION_USER_EXPIRATION/],
  ])("fails fast naming the variable: %o", (env, message) => {
    expect(() => loadConfig({ SESSION_SECRET: SECRET, ...env }, () => {})).toThrow(message);
  });

  it("generates a secret once into the data folder when SESSION_SECRET is unset, with a warning", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-config-"));
    try {
      const warnings: string[] = [];
      const first = loadConfig({ CARTSESSION_DATA_DIR: dir }, (m) => warnings.push(m));
      const second = loadConfig({ CARTSESSION_DATA_DIR: dir }, (m) => warnings.push(m));
      expect(first.passwords[0]).toHaveLength(64);
      expect(second.passwords).toEqual(first.passwords);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/SESSION_SECRET/);
      const file = path.join(dir, "session-secret");
      expect(readFileSync(file, "utf8")).toBe(first.passwords[0]);
      expect(statSync(file).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lifetimes", () => {
  it("gives logged-in customers the longer expiration", () => {
    const config = testConfig();
    expect(lifetimeFor(config, "t_" + "a".repeat(30))).toEqual({ expiration: 172_800, expiring: 169_200 });
    expect(lifetimeFor(config, "42")).toEqual({ expiration: 604_800, expiring: 604_800 - 3600 });
  });

  it("lets hooks change the lifetime per customer, like wc_session_expiration", () => {
    const config = testConfig();
    setLifetimeHooks({ expiration: (s, ctx) => (ctx.customerId === "b2b" ? s * 10 : s), expiring: (s, ctx) => (ctx.customerId === "b2b" ? s * 10 : s) });
    try {
      expect(lifetimeFor(config, "b2b").expiration).toBe(6_048_000);
      expect(lifetimeFor(config, "7").expiration).toBe(604_800);
    } finally {
      setLifetimeHooks({});
    }
  });
});
