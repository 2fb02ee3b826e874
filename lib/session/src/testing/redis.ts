/**
 * Redis for tests (this package's, an adapter's, an app's): the machine's Redis, a key
 * prefix of the run's own, and the deletion of exactly those keys after (never FLUSHALL:
 * other runs and other data share the server). Needs `redis` (node-redis v5).
 */
import { randomBytes } from "node:crypto";
import { serverReachable, serviceOrSkipReason } from "./service.js";
import { HOST_TAG } from "./postgres.js";

/** The Redis tests use: CARTSESSION_TEST_REDIS, or the machine's at 127.0.0.1:6379. */
export function testRedisUrl(env: Record<string, string | undefined> = process.env): string {
  return env.CARTSESSION_TEST_REDIS || "redis://127.0.0.1:6379";
}

export function redisReachable(url = testRedisUrl()): Promise<boolean> {
  return serverReachable(url, 6379);
}

/**
 * Whether this run can use Redis: on CI (CI set) it is mandatory and an unreachable server
 * fails the run; elsewhere the Redis suites skip with a printed reason.
 */
export function redisOrSkipReason(): Promise<string | null> {
  return serviceOrSkipReason({ name: "Redis", url: testRedisUrl(), defaultPort: 6379, envVariable: "CARTSESSION_TEST_REDIS" });
}

/** `cartsession-test:<host>:<pid>:<random>:`: a prefix no other run uses, that says which process made it. */
export function testRedisPrefix(label = "test", pid = process.pid): string {
  if (!/^[a-z0-9-]+$/.test(label)) throw new Error(`test Redis prefix label must be lowercase letters, digits and -: ${label}`);
  return `cartsession-${label}:${HOST_TAG}:${pid}:${randomBytes(4).toString("hex")}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK, in batches); returns how many. */
export async function deleteRedisKeys(prefix: string, url = testRedisUrl()): Promise<number> {
  if (!prefix.startsWith("cartsession") || prefix.length < 16) throw new Error(`refusing to delete keys under the short prefix "${prefix}"`);
  const { createClient } = await import("redis");
  const client = createClient({ url });
  await client.connect();
  try {
    let deleted = 0;
    const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
      if (keys.length > 0) deleted += await client.unlink(keys);
    }
    return deleted;
  } finally {
    client.destroy();
  }
}

export interface TestRedis {
  url: string;
  /** This run's key prefix: give it to every store and cache the test makes. */
  prefix: string;
  /** Deletes the run's keys. */
  drop(): Promise<void>;
}

/** A key prefix for this run on the test Redis; `drop()` deletes its keys (call it from afterAll or finally). */
export function createTestRedis(label = "test"): TestRedis {
  const url = testRedisUrl();
  const prefix = testRedisPrefix(label);
  return { url, prefix, drop: async () => void (await deleteRedisKeys(prefix, url)) };
}
