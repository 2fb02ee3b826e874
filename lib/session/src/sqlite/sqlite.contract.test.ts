import { describeStoreContract } from "../testing/contract.js";
import { tempSqlite } from "../test-helpers.js";

describeStoreContract("sqlite", async () => {
  const env = await tempSqlite();
  return {
    store: env.store,
    reset: async () => {
      await env.store.clearSessions({});
    },
    dispose: env.dispose,
  };
});

describeStoreContract("sqlite with a table prefix", async () => {
  const env = await tempSqlite({ tablePrefix: "wc_" });
  return { store: env.store, reset: async () => void (await env.store.clearSessions({})), dispose: env.dispose };
});
