import { OptionsError } from "cartsession";
import { describe, expect, it } from "vitest";
import { loadShopConfig } from "./shop-config";

describe("where the demo keeps sessions (SESSION_STORE, SESSION_CACHE, REDIS_URL)", () => {
  it("defaults to the database's own store, no cache, and the local Redis when one is asked for", () => {
    expect(loadShopConfig({})).toMatchObject({ sessionStore: "database", sessionCache: "none", redisUrl: "redis://127.0.0.1:6379", redisKeyPrefix: "cartsession:" });
    expect(loadShopConfig({ SESSION_STORE: "redis", REDIS_URL: "rediss://default:token@eu1-example.upstash.io:6379" })).toMatchObject({
      sessionStore: "redis",
      redisUrl: "rediss://default:token@eu1-example.upstash.io:6379",
    });
    expect(loadShopConfig({ SESSION_CACHE: "redis", REDIS_KEY_PREFIX: "shop1:" })).toMatchObject({ sessionStore: "database", sessionCache: "redis", redisKeyPrefix: "shop1:" });
  });

  it("names the variable and the allowed values when one is wrong", () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadShopConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(OptionsError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(problem({ SESSION_STORE: "memcached" })).toBe('Invalid cartsession configuration: SESSION_STORE must be "database" or "redis", got "memcached"');
    expect(problem({ SESSION_CACHE: "yes" })).toBe('Invalid cartsession configuration: SESSION_CACHE must be "none" or "redis", got "yes"');
    expect(problem({ SESSION_STORE: "redis", SESSION_CACHE: "redis" })).toMatch(/SESSION_CACHE cannot be "redis" with SESSION_STORE=redis/);
    expect(problem({ SESSION_STORE: "redis", REDIS_URL: "127.0.0.1:6379" })).toMatch(/REDIS_URL must be redis:\/\/.* or rediss:\/\/… for TLS/);
    // A URL with credentials is never echoed with them.
    const message = problem({ SESSION_STORE: "redis", REDIS_URL: "https://user:secret-token@example.com" });
    expect(message).toContain("REDIS_URL");
    expect(message).not.toContain("secret-token");
    expect(problem({ REDIS_KEY_PREFIX: "has space" })).toMatch(/REDIS_KEY_PREFIX must be/);
  });
});

describe("the shop's own view of SITE_URL and the cleanup settings (not read from the engine)", () => {
  it("keeps the origin, knows https, and shows the engine's cleanup defaults unless set", () => {
    expect(loadShopConfig({})).toMatchObject({ siteUrl: "http://localhost:3000", secure: false, cleanupBatchSize: 5_000, cleanupBudgetMs: 10_000 });
    expect(loadShopConfig({ SITE_URL: "https://shop.example.com/some/path", SESSION_CLEANUP_BATCH: "200", SESSION_CLEANUP_BUDGET_MS: "2500" })).toMatchObject({
      siteUrl: "https://shop.example.com",
      secure: true,
      cleanupBatchSize: 200,
      cleanupBudgetMs: 2_500,
    });
  });

  it("names the variable when SITE_URL is not an http(s) URL", () => {
    expect(() => loadShopConfig({ SITE_URL: "shop.example.com" })).toThrow(OptionsError);
    expect(() => loadShopConfig({ SITE_URL: "ftp://shop.example.com" })).toThrow(/SITE_URL/);
  });
});
