import { describeStoreContract } from "../testing/contract.js";
import { createTestDatabase, postgresOrSkipReason } from "../testing/postgres.js";
import { postgresStore } from "./index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";

describeStoreContract("postgres (Neon driver over HTTP)", async () => {
  if (await postgresOrSkipReason()) return null;
  const db = await createTestDatabase();
  try {
    setLocalNeonEndpoint(db.neon.address);
    const store = await postgresStore({ connectionString: db.url });
    return { store, reset: async () => void (await store.clearSessions({})), dispose: () => db.drop() };
  } catch (error) {
    await db.drop();
    throw error;
  }
});
