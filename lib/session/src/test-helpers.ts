/** Shared by the engine's own tests (not part of the package). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { manualClock, type ManualClock } from "./clock.js";
import { createSessionEngine, type SessionEngine } from "./engine.js";
import type { EngineOptions } from "./options.js";
import { sqliteStore, type SqliteSessionStore } from "./sqlite/index.js";
import type { SessionStore, SessionWrite } from "./store/port.js";

export const T0 = 1_800_000_000;
export const TEST_SECRET = "test-secret-test-secret-test-secret-0001";

export interface TempSqlite {
  dir: string;
  file: string;
  store: SqliteSessionStore;
  dispose(): Promise<void>;
}

/** A real SQLite file in a temporary folder, removed by `dispose()` (also after a failed test). */
export async function tempSqlite(options: { tablePrefix?: string } = {}): Promise<TempSqlite> {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-"));
  const file = path.join(dir, "sessions.db");
  try {
    const store = await sqliteStore({ file, tablePrefix: options.tablePrefix });
    return {
      dir,
      file,
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The store with its saves recorded, so a test can see when (and what) a write happens. */
export function recording<S extends SessionStore>(store: S, saves: SessionWrite[]): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "save") return (write: SessionWrite) => (saves.push(write), target.save(write));
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function testEngine(store: SessionStore, options: Partial<Omit<EngineOptions, "store">> = {}): { engine: SessionEngine; clock: ManualClock } {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock(T0);
  return { engine: createSessionEngine({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", ...options, store, clock }), clock };
}
