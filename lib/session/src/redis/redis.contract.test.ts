import { postgresStore } from "../postgres/index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";
import { describeStoreContract } from "../testing/contract.js";
import { createTestDatabase, postgresOrSkipReason } from "../testing/postgres.js";
import { createTestRedis, redisOrSkipReason } from "../testing/redis.js";
import { tempSqlite } from "../test-helpers.js";
import { cachedStore, redisStore } from "./index.js";

describeStoreContract("redis", async () => {
  if (await redisOrSkipReason()) return null;
  const redis = createTestRedis("contract");
  const store = redisStore({ url: redis.url }, { keyPrefix: redis.prefix });
  return {
    store,
    reset: () => redis.drop(),
    dispose: async () => {
      await store.close();
      await redis.drop();
    },
  };
});

describeStoreContract("sqlite with the Redis object cache", async () => {
  if (await redisOrSkipReason()) return null;
  const redis = createTestRedis("contract");
  const env = await tempSqlite();
  const store = cachedStore(env.store, { redis: { url: redis.url }, keyPrefix: redis.prefix });
  return {
    store,
    reset: async () => void (await store.clearSessions({})),
    dispose: async () => {
      try {
        await store.close();
      } finally {
        await env.dispose();
        await redis.drop();
      }
    },
  };
});

describeStoreContract("postgres with the Redis object cache", async () => {
  if ((await redisOrSkipReason()) || (await postgresOrSkipReason())) return null;
  const redis = createTestRedis("contract");
  const db = await createTestDatabase();
  try {
    setLocalNeonEndpoint(db.neon.address);
    const store = cachedStore(await postgresStore({ connectionString: db.url }), { redis: { url: redis.url }, keyPrefix: redis.prefix });
    return {
      store,
      reset: async () => void (await store.clearSessions({})),
      dispose: async () => {
        try {
          await store.close();
        } finally {
          await db.drop();
          await redis.drop();
        }
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
});
