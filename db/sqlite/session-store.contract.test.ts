import { describeSessionStoreContract } from "../../test/store-contract";
import { tempSqliteStore } from "../../test/helpers/sqlite";

describeSessionStoreContract("SQLite (better-sqlite3)", async () => {
  const env = tempSqliteStore();
  return {
    store: env.store,
    async setRawValue(key, value) {
      env.store.db.prepare("UPDATE sessions SET session_value = ? WHERE session_key = ?").run(value, key);
    },
    async reset() {
      env.store.db.exec("DELETE FROM sessions; DELETE FROM session_cleanup_runs; DELETE FROM cart_restore_tokens;");
    },
    dispose: () => env.dispose(),
  };
});
