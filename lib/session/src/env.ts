import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { OptionsError } from "./errors.js";
import type { MergePolicy } from "./merge.js";
import { resolveSettings, type EngineOptions, type IssueMode, type OptionNames } from "./options.js";
import { parseTrustedProxy, resolveTrustedProxy, TRUSTED_PROXY_ENV, type TrustedProxy } from "./next/client-address.js";

type Env = Record<string, string | undefined>;

/** The engine's options as read from the environment (everything but the store), plus the cron secret. */
export type EnvOptions = Omit<EngineOptions, "store"> & {
  cronSecret?: string;
  /** `SESSION_TRUSTED_PROXY`, or `"vercel"` when `VERCEL=1` (lib/session/src/next/client-address.ts). */
  trustedProxy?: TrustedProxy;
};

export interface FromEnvSettings {
  /**
   * Without SESSION_SECRET, use (or create, mode 0600) a generated secret in this file, with
   * a warning at every start. Meant for development and demos: leave it unset in production,
   * where a missing SESSION_SECRET is then an error instead of a per-instance secret.
   */
  generatedSecretFile?: string;
  warn?: (message: string) => void;
}

const ENV_NAMES: OptionNames = {
  secrets: "SESSION_SECRET",
  siteUrl: "SITE_URL",
  cookiePrefix: "SESSION_COOKIE_PREFIX",
  guestExpiration: "SESSION_EXPIRATION",
  guestExpiring: "SESSION_EXPIRING",
  customerExpiration: "SESSION_USER_EXPIRATION",
  issue: "SESSION_ISSUE",
  maxValueBytes: "SESSION_MAX_BYTES",
  newSessionsPerAddress: "SESSION_NEW_PER_ADDRESS",
  storeConcurrency: "SESSION_STORE_CONCURRENCY",
  storeQueueWaitMs: "SESSION_STORE_QUEUE_WAIT_MS",
  encryptionKeys: "SESSION_ENC_KEY",
  cleanupBatchSize: "SESSION_CLEANUP_BATCH",
  cleanupBudgetMs: "SESSION_CLEANUP_BUDGET_MS",
  purgeAfterDays: "SESSION_PURGE_AFTER_DAYS",
  maxDevices: "SESSION_MAX_DEVICES",
  merge: "SESSION_LOGIN_MERGE",
};


function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new OptionsError(name, `must be a whole number, got "${raw}"`);
  return Number(raw);
}

function boolean(env: Env, name: string): boolean | undefined {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new OptionsError(name, `must be true or false, got "${raw}"`);
}

/** `<limit>` (per hour), `<limit>/<seconds>`, or `off`. */
function rateRule(env: Env, name: string): { limit: number; windowSeconds: number } | false | undefined {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === "off") return false;
  const match = /^(\d+)(?:\/(\d+))?$/.exec(raw);
  if (!match) throw new OptionsError(name, `must be "<limit>" (per hour), "<limit>/<seconds>" or "off", got "${raw}"`);
  return { limit: Number(match[1]), windowSeconds: match[2] === undefined ? 3_600 : Number(match[2]) };
}

function generatedSecret(file: string, warn: (message: string) => void): string {
  let secret: string;
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // Exclusive create: two processes starting together agree on one secret.
      writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    secret = readFileSync(file, "utf8").trim();
  }
  warn(`[cartsession] SESSION_SECRET is not set; using the generated secret in ${file}. Set SESSION_SECRET (at least 32 characters) in production.`);
  return secret;
}

/**
 * Reads the engine's options from environment variables and validates them at once, so a
 * bad value stops the start with a message naming the variable. The store is the app's
 * choice and is not read here.
 */
export function optionsFromEnv(env: Env = process.env, settings: FromEnvSettings = {}): EnvOptions {
  const warn = settings.warn ?? ((message: string) => console.warn(message));
  const secretText = text(env, "SESSION_SECRET");
  let secrets: string;
  if (secretText !== undefined) secrets = secretText;
  else if (settings.generatedSecretFile) secrets = generatedSecret(settings.generatedSecretFile, warn);
  else throw new OptionsError("SESSION_SECRET", "is not set: set it to one or more comma-separated passwords of at least 32 characters (e.g. `openssl rand -hex 32`)");

  // Checked by the cleanup route and by `validate()`, never here: a weak cron secret must
  // not turn every page into a 500 (README, "Configuration").
  const cronSecret = text(env, "CRON_SECRET");
  const encryption = text(env, "SESSION_ENC_KEY");
  const purgeAfterDays = integer(env, "SESSION_PURGE_AFTER_DAYS");
  const options: EnvOptions = {
    secrets,
    siteUrl: text(env, "SITE_URL") ?? "http://localhost:3000",
    cookie: { prefix: text(env, "SESSION_COOKIE_PREFIX"), hostPrefix: boolean(env, "SESSION_COOKIE_HOST_PREFIX") },
    lifetimes: {
      guest: { expiration: integer(env, "SESSION_EXPIRATION"), expiring: integer(env, "SESSION_EXPIRING") },
      customer: { expiration: integer(env, "SESSION_USER_EXPIRATION") },
    },
    issue: (text(env, "SESSION_ISSUE")?.toLowerCase() ?? "eager") as IssueMode,
    limits: {
      maxValueBytes: integer(env, "SESSION_MAX_BYTES"),
      newSessionsPerAddress: rateRule(env, "SESSION_NEW_PER_ADDRESS"),
      storeConcurrency: integer(env, "SESSION_STORE_CONCURRENCY"),
      storeQueueWaitMs: integer(env, "SESSION_STORE_QUEUE_WAIT_MS"),
    },
    encryptionKeys: encryption === undefined ? undefined : encryption.split(","),
    login: {
      merge: (text(env, "SESSION_LOGIN_MERGE") ?? "merge") as MergePolicy,
      persistentCart: boolean(env, "SESSION_PERSISTENT_CART"),
      maxDevices: integer(env, "SESSION_MAX_DEVICES"),
    },
    cleanup: {
      batchSize: integer(env, "SESSION_CLEANUP_BATCH"),
      budgetMs: integer(env, "SESSION_CLEANUP_BUDGET_MS"),
      purgeAfterDays,
    },
    cronSecret,
    trustedProxy: resolveTrustedProxy(parseTrustedProxy(text(env, TRUSTED_PROXY_ENV), TRUSTED_PROXY_ENV), env),
  };
  // Validate now, naming the variables rather than the option paths.
  resolveSettings(options, ENV_NAMES);
  return options;
}
