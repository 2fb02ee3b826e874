import { describeSessionStoreContract } from "../../test/store-contract";
import { createTestDatabase, openTestPostgresStore, postgresOrSkipReason } from "../../test/helpers/postgres";

describeSessionStoreContract("Postgres (@neondatabase/serverless)", async () => {
  if (await postgresOrSkipReason()) return null;
  const db = await createTestDatabase();
  let store: Awaited<ReturnType<typeof openTestPostgresStore>>;
  try {
    store = await openTestPostgresStore(db);
  } catch (error) {
    // Never reaches dispose(): drop the database here.
    await db.drop();
    throw error;
  }
  return {
    store,
    async setRawValue(key, value) {
      await store.connection.sql.query("UPDATE sessions SET session_value = $1 WHERE session_key = $2", [value, key]);
    },
    async reset() {
      await store.connection.sql.query("DELETE FROM sessions");
      await store.connection.sql.query("DELETE FROM session_cleanup_runs");
      await store.connection.sql.query("DELETE FROM cart_restore_tokens");
    },
    async dispose() {
      try {
        await store.close();
      } finally {
        await db.drop();
      }
    },
  };
});
