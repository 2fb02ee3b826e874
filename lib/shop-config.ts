import path from "node:path";
import { OptionsError, type RateLimitRule } from "cartsession";

/**
 * The demo store's own settings (the engine's come from `optionsFromEnv` in lib/sessions.ts).
 * Read once, on first use, and validated with messages naming the variable.
 */
export interface ShopConfig {
  /**
   * The shop's origin (SITE_URL, default http://localhost:3000): restore links and the
   * same-origin checks of forms and erasure. The engine reads the same variable for its cookies.
   */
  siteUrl: string;
  /** Whether the site is served over https (HSTS in proxy.ts). */
  secure: boolean;
  /** What the admin's cleanup page says the cleanup does per batch (SESSION_CLEANUP_BATCH, the engine's default 5000). */
  cleanupBatchSize: number;
  /** …and for how long at most, ms (SESSION_CLEANUP_BUDGET_MS, the engine's default 10 000). */
  cleanupBudgetMs: number;
  /** `undefined` selects the embedded SQLite file in `dataDir`; `postgres://…` or `file:<path>` otherwise. */
  databaseUrl: string | undefined;
  /** Folder of the SQLite file and the generated development secret (CARTSESSION_DATA_DIR, default `.data`). */
  dataDir: string;
  /** Development: a local Neon HTTP bridge in front of an ordinary PostgreSQL (`npm run neon:local`). */
  neonLocalProxy: string | undefined;
  /**
   * Where sessions live: `database` (the SQL database above, the default) or `redis`
   * (SESSION_STORE). The catalog and accounts stay in the database either way.
   */
  sessionStore: "database" | "redis";
  /** `redis`: an object cache in Redis in front of the database's session store (SESSION_CACHE). */
  sessionCache: "none" | "redis";
  /** The Redis of SESSION_STORE=redis or SESSION_CACHE=redis (REDIS_URL). */
  redisUrl: string;
  /** Prefix of the keys cartsession writes there (REDIS_KEY_PREFIX), so several shops or test runs share one Redis. */
  redisKeyPrefix: string;
  /** Bearer token of `/api/admin/*`; unset refuses every call. */
  adminApiToken: string | undefined;
  /** A non-empty cart idle this long counts as abandoned, minutes. */
  abandonedCartMinutes: number;
  /** Admin warnings: table rows, database megabytes, one session's kilobytes. */
  warnRows: number;
  warnTableMb: number;
  warnSessionKb: number;
  /** Login attempts allowed per client address and per account, per window. */
  loginPerAddress: RateLimitRule;
  loginPerAccount: RateLimitRule;
  /** Origins allowed to call the cart API from a browser with a Cart-Token (CORS); none by default. */
  cartApiOrigins: string[];
}

type Env = Record<string, string | undefined>;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new OptionsError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new OptionsError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** `<limit>/<seconds>`, e.g. `20/900`. */
function rule(env: Env, name: string, fallback: RateLimitRule): RateLimitRule {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const match = /^(\d{1,7})\/(\d{1,6})$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new OptionsError(name, `must be "<attempts>/<seconds>" with both at least 1, e.g. "20/900"; got "${raw}"`);
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}

/** A comma list of origins (`https://shop.example`), each checked to be exactly an origin. */
function origins(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(",").map((entry) => {
    const value = entry.trim();
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      throw new OptionsError(name, `holds "${value}", which is not an origin like https://shop.example`);
    }
    if (origin !== value || !/^https?:/.test(origin)) throw new OptionsError(name, `holds "${value}"; write each origin as scheme://host[:port], with no path or trailing slash`);
    return origin;
  });
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new OptionsError(name, `must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got "${raw}"`);
  return raw as T;
}

/** SESSION_STORE, SESSION_CACHE, REDIS_URL, REDIS_KEY_PREFIX: where sessions live, checked together. */
function sessionPlacement(env: Env): Pick<ShopConfig, "sessionStore" | "sessionCache" | "redisUrl" | "redisKeyPrefix"> {
  const sessionStore = oneOf(env, "SESSION_STORE", ["database", "redis"], "database");
  const sessionCache = oneOf(env, "SESSION_CACHE", ["none", "redis"], "none");
  if (sessionStore === "redis" && sessionCache === "redis") {
    throw new OptionsError("SESSION_CACHE", 'cannot be "redis" with SESSION_STORE=redis: the object cache sits in front of the database\'s session store; unset one of them');
  }
  const redisUrl = env.REDIS_URL?.trim() || "redis://127.0.0.1:6379";
  let parsed: URL | undefined;
  try {
    parsed = new URL(redisUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") || parsed.hostname === "") {
    throw new OptionsError("REDIS_URL", `must be redis://[user:password@]host[:port][/db] or rediss://… for TLS (Upstash, Vercel KV), got "${redisUrl.replace(/\/\/[^@/]*@/, "//…@")}"`);
  }
  const redisKeyPrefix = env.REDIS_KEY_PREFIX?.trim() || "cartsession:";
  if (!/^[\w:.{}-]{1,100}$/.test(redisKeyPrefix)) throw new OptionsError("REDIS_KEY_PREFIX", `must be 1 to 100 letters, digits, _ : . - { }, got "${redisKeyPrefix}"`);
  return { sessionStore, sessionCache, redisUrl, redisKeyPrefix };
}

/** SITE_URL as an origin; checked like the engine checks it, so either names the same problem. */
function site(env: Env): Pick<ShopConfig, "siteUrl" | "secure"> {
  const raw = env.SITE_URL?.trim() || "http://localhost:3000";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionsError("SITE_URL", `must be an absolute URL like https://shop.example.com, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OptionsError("SITE_URL", `must use http or https, got "${url.protocol}"`);
  return { siteUrl: url.origin, secure: url.protocol === "https:" };
}

export function loadShopConfig(env: Env = process.env): ShopConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^(postgres|postgresql):\/\//.test(databaseUrl) && !databaseUrl.startsWith("file:")) {
    throw new OptionsError("DATABASE_URL", "must start with postgres://, postgresql:// or file: (unset selects the embedded SQLite file)");
  }
  const adminApiToken = env.ADMIN_API_TOKEN?.trim() || undefined;
  if (adminApiToken !== undefined && adminApiToken.length < 16) {
    throw new OptionsError("ADMIN_API_TOKEN", `is ${adminApiToken.length} characters; use at least 16 (e.g. \`openssl rand -hex 32\`)`);
  }
  return {
    ...site(env),
    cleanupBatchSize: wholeNumber(env, "SESSION_CLEANUP_BATCH", 5_000, 1, 1_000_000),
    cleanupBudgetMs: wholeNumber(env, "SESSION_CLEANUP_BUDGET_MS", 10_000, 100, 3_600_000),
    databaseUrl,
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.CARTSESSION_DATA_DIR?.trim() || ".data"),
    neonLocalProxy: env.NEON_LOCAL_PROXY?.trim() || undefined,
    ...sessionPlacement(env),
    adminApiToken,
    abandonedCartMinutes: wholeNumber(env, "ABANDONED_CART_MINUTES", 60, 0, 525_600),
    warnRows: wholeNumber(env, "ADMIN_WARN_ROWS", 500_000, 1, 1_000_000_000),
    warnTableMb: wholeNumber(env, "ADMIN_WARN_TABLE_MB", 500, 1, 10_000_000),
    warnSessionKb: wholeNumber(env, "ADMIN_WARN_SESSION_KB", 100, 1, 100_000),
    loginPerAddress: rule(env, "LOGIN_LIMIT_PER_ADDRESS", { limit: 20, windowSeconds: 900 }),
    loginPerAccount: rule(env, "LOGIN_LIMIT_PER_ACCOUNT", { limit: 10, windowSeconds: 900 }),
    cartApiOrigins: origins(env, "CART_API_ALLOWED_ORIGINS"),
  };
}

let cached: ShopConfig | undefined;

export function shopConfig(): ShopConfig {
  cached ??= loadShopConfig();
  return cached;
}

/** Tests replace the configuration (undefined re-reads the environment). */
export function setShopConfigForTesting(config: ShopConfig | undefined): void {
  cached = config;
}
