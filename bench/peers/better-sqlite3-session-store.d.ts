// The package ships no types; this is the part the Express peer uses.
declare module "better-sqlite3-session-store" {
  import type session from "express-session";
  import type Database from "better-sqlite3";
  type StoreClass = new (options: { client: Database.Database; expired?: { clear?: boolean; intervalMs?: number } }) => session.Store;
  export default function factory(s: typeof session): StoreClass;
}
