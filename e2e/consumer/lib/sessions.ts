import { optionsFromEnv } from "cartsession";
import { createCartSessions } from "cartsession/next";

export const sessions = createCartSessions(() => ({
  ...optionsFromEnv(),
  store: async () => {
    const url = process.env.DATABASE_URL;
    if (url?.startsWith("postgres")) {
      const { postgresStore } = await import("cartsession/postgres");
      const proxy = process.env.NEON_LOCAL_PROXY; // local development only: `npx cartsession neon-local`
      if (proxy) (await import("@neondatabase/serverless")).neonConfig.fetchEndpoint = () => `http://${proxy}/sql`;
      return postgresStore({ connectionString: url });
    }
    const { sqliteStore } = await import("cartsession/sqlite");
    return sqliteStore({ file: process.env.SESSIONS_FILE ?? ".data/sessions.db" });
  },
}));
