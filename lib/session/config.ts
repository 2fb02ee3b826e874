import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./errors";
import { parseEncryptionKeys } from "./encryption";

export type IssueMode = "eager" | "lazy";

/** Everything the engine reads from the environment, validated once. */
export interface SessionConfig {
  siteUrl: string;
  /** Secure flag on cookies: true when SITE_URL is https. */
  secureCookies: boolean;
  /** 32 lowercase hex characters derived from SITE_URL (WordPress's COOKIEHASH). */
  cookieHash: string;
  /** `session_<hash>` by default; the prefix comes from SESSION_COOKIE_PREFIX. */
  cookieName: string;
  /** iron-session passwords, newest first: the first seals, all unseal. */
  passwords: readonly string[];
  /** Guest lifetime and renewal threshold, seconds. */
  guestExpiration: number;
  guestExpiring: number;
  /** Logged-in lifetime, seconds. */
  userExpiration: number;
  issue: IssueMode;
  /** `undefined` selects the embedded SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Largest encoded session value accepted on save, bytes. */
  maxValueBytes: number;
  cronSecret: string | undefined;
  adminApiToken: string | undefined;
  encryptionKeys: string | undefined;
  /** Most rows one cleanup DELETE may remove (SESSION_CLEANUP_BATCH). */
  cleanupBatchSize: number;
  /** The cleanup route stops starting batches after this many ms (SESSION_CLEANUP_BUDGET_MS). */
  cleanupBudgetMs: number;
  /** A non-empty cart idle this long counts as abandoned (admin), minutes. */
  abandonedCartMinutes: number;
  /** Admin warnings: table rows, table megabytes, and one session's kilobytes. */
  warnRows: number;
  warnTableMb: number;
  warnSessionKb: number;
  /** Hard purge of rows inactive this many days; undefined = off (SESSION_PURGE_AFTER_DAYS). */
  purgeAfterDays: number | undefined;
}

type Env = Record<string, string | undefined>;

function readSeconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number of seconds, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < 60) throw new ConfigError(name, `must be at least 60 seconds, got ${value}`);
  return value;
}

function readWholeNumber(env: Env, name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number of ${unit}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} ${unit}, got ${value}`);
  return value;
}

function readPasswords(env: Env, dataDir: string, warn: (message: string) => void): string[] {
  const raw = env.SESSION_SECRET;
  if (raw === undefined || raw.trim() === "") return [readOrCreateGeneratedSecret(dataDir, warn)];
  const passwords = raw.split(",").map((p) => p.trim()).filter((p) => p.length > 0);
  if (passwords.length === 0) throw new ConfigError("SESSION_SECRET", "holds no password");
  passwords.forEach((p, i) => {
    if (p.length < 32) throw new ConfigError("SESSION_SECRET", `password ${i + 1} is ${p.length} characters; each needs at least 32`);
  });
  return passwords;
}

/**
 * Without SESSION_SECRET the demo still runs: a secret is generated once into the data
 * folder (exclusive create, so two processes starting together agree on one).
 */
function readOrCreateGeneratedSecret(dataDir: string, warn: (message: string) => void): string {
  const file = path.join(dataDir, "session-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
      warn(`[cartsession] SESSION_SECRET is not set; generated one into ${file}. Set SESSION_SECRET in production.`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return readFileSync(file, "utf8").trim();
  }
}

export function cookieHashFor(siteUrl: string): string {
  return createHash("md5").update(siteUrl).digest("hex");
}

export function loadConfig(env: Env = process.env, warn: (message: string) => void = console.warn): SessionConfig {
  const siteUrlRaw = env.SITE_URL?.trim() || "http://localhost:3000";
  let site: URL;
  try {
    site = new URL(siteUrlRaw);
  } catch {
    throw new ConfigError("SITE_URL", `must be an absolute URL like https://shop.example.com, got "${siteUrlRaw}"`);
  }
  if (site.protocol !== "http:" && site.protocol !== "https:") {
    throw new ConfigError("SITE_URL", `must use http or https, got "${site.protocol}"`);
  }
  const siteUrl = site.origin;

  const prefix = env.SESSION_COOKIE_PREFIX?.trim() || "session_";
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new ConfigError("SESSION_COOKIE_PREFIX", `may hold only letters, digits, "_" and "-", got "${prefix}"`);
  }

  const guestExpiration = readSeconds(env, "SESSION_EXPIRATION", 172_800);
  const guestExpiring = readSeconds(env, "SESSION_EXPIRING", 169_200);
  if (guestExpiring >= guestExpiration) {
    throw new ConfigError("SESSION_EXPIRING", `(${guestExpiring}) must be less than SESSION_EXPIRATION (${guestExpiration})`);
  }
  const userExpiration = readSeconds(env, "SESSION_USER_EXPIRATION", 604_800);
  if (userExpiration <= guestExpiration - guestExpiring) {
    throw new ConfigError("SESSION_USER_EXPIRATION", `must exceed the renewal window (${guestExpiration - guestExpiring} s)`);
  }

  const issueRaw = (env.SESSION_ISSUE?.trim() || "eager").toLowerCase();
  if (issueRaw !== "eager" && issueRaw !== "lazy") {
    throw new ConfigError("SESSION_ISSUE", `must be "eager" or "lazy", got "${env.SESSION_ISSUE}"`);
  }

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^(postgres|postgresql):\/\//.test(databaseUrl) && !databaseUrl.startsWith("file:")) {
    throw new ConfigError("DATABASE_URL", "must start with postgres://, postgresql:// or file: (unset selects the embedded SQLite file)");
  }

  const maxValueBytes = env.SESSION_MAX_BYTES ? Number(env.SESSION_MAX_BYTES) : 102_400;
  if (!Number.isInteger(maxValueBytes) || maxValueBytes < 1024) {
    throw new ConfigError("SESSION_MAX_BYTES", `must be a whole number of bytes >= 1024, got "${env.SESSION_MAX_BYTES}"`);
  }

  const encryptionKeys = env.SESSION_ENC_KEY?.trim() || undefined;
  if (encryptionKeys !== undefined) parseEncryptionKeys(encryptionKeys);

  const cleanupBatchSize = readWholeNumber(env, "SESSION_CLEANUP_BATCH", 5_000, 1, 1_000_000, "rows");
  const cleanupBudgetMs = readWholeNumber(env, "SESSION_CLEANUP_BUDGET_MS", 10_000, 100, 3_600_000, "milliseconds");
  const abandonedCartMinutes = readWholeNumber(env, "ABANDONED_CART_MINUTES", 60, 0, 525_600, "minutes");
  const warnRows = readWholeNumber(env, "ADMIN_WARN_ROWS", 500_000, 1, 1_000_000_000, "rows");
  const warnTableMb = readWholeNumber(env, "ADMIN_WARN_TABLE_MB", 500, 1, 10_000_000, "megabytes");
  const warnSessionKb = readWholeNumber(env, "ADMIN_WARN_SESSION_KB", 100, 1, 100_000, "kilobytes");
  const purgeRaw = env.SESSION_PURGE_AFTER_DAYS?.trim();
  const purgeAfterDays = purgeRaw ? readWholeNumber(env, "SESSION_PURGE_AFTER_DAYS", 0, 1, 36_500, "days") : undefined;
  // The purge ignores expiry, so a shorter window would delete sessions that are still live.
  if (purgeAfterDays !== undefined && purgeAfterDays * 86_400 <= Math.max(guestExpiration, userExpiration)) {
    throw new ConfigError(
      "SESSION_PURGE_AFTER_DAYS",
      `(${purgeAfterDays} days) must be longer than the longest session lifetime (${Math.max(guestExpiration, userExpiration)} s), or it would delete live sessions`,
    );
  }

  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.CARTSESSION_DATA_DIR?.trim() || ".data");
  const cookieHash = cookieHashFor(siteUrl);
  return {
    siteUrl,
    secureCookies: site.protocol === "https:",
    cookieHash,
    cookieName: `${prefix}${cookieHash}`,
    passwords: readPasswords(env, dataDir, warn),
    guestExpiration,
    guestExpiring,
    userExpiration,
    issue: issueRaw,
    databaseUrl,
    dataDir,
    maxValueBytes,
    cronSecret: env.CRON_SECRET?.trim() || undefined,
    adminApiToken: env.ADMIN_API_TOKEN?.trim() || undefined,
    encryptionKeys,
    cleanupBatchSize,
    cleanupBudgetMs,
    abandonedCartMinutes,
    warnRows,
    warnTableMb,
    warnSessionKb,
    purgeAfterDays,
  };
}

let cached: SessionConfig | undefined;

/** The process-wide configuration, read and validated on first use (never at import). */
export function getConfig(): SessionConfig {
  cached ??= loadConfig();
  return cached;
}

/** Tests and the CLI replace the configuration. */
export function setConfigForTesting(config: SessionConfig | undefined): void {
  cached = config;
}
