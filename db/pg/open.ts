import { connectPg } from "./connect";
import { migratePg } from "./migrate";
import { PostgresSessionStore } from "./session-store";

/** Connects, applies the migrations (once per process, under an advisory lock), and returns the store. */
export async function openPostgresStore(url: string): Promise<PostgresSessionStore> {
  const connection = connectPg(url);
  try {
    await migratePg(connection.pool);
  } catch (error) {
    await connection.pool.end().catch(() => {});
    throw error;
  }
  return new PostgresSessionStore(connection);
}
