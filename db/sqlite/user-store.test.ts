import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "../../lib/auth/authenticate";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { SqliteUserStore } from "./user-store";

let env: ReturnType<typeof tempSqliteStore>;
beforeEach(() => {
  env = tempSqliteStore();
});
afterEach(() => env.dispose());

describe("demo accounts on SQLite", () => {
  it("seeds the demo customer and the admin, who log in with their documented passwords", async () => {
    const users = new SqliteUserStore(env.store.db);
    const demo = await authenticate(users, " Demo@Example.com ", "demo-password");
    expect(demo).toMatchObject({ id: "1", email: "demo@example.com", role: "customer" });
    expect(await authenticate(users, "admin@example.com", "admin-password")).toMatchObject({ id: "2", role: "admin" });
  });

  it("refuses a wrong password or an unknown email alike", async () => {
    const users = new SqliteUserStore(env.store.db);
    expect(await authenticate(users, "demo@example.com", "wrong")).toBeNull();
    expect(await authenticate(users, "nobody@example.com", "demo-password")).toBeNull();
  });

  it("finds by id and erases", async () => {
    const users = new SqliteUserStore(env.store.db);
    expect((await users.findById("1"))?.email).toBe("demo@example.com");
    expect(await users.findById("1 OR 1=1")).toBeNull();
    expect(await users.delete("1")).toBe(true);
    expect(await users.findById("1")).toBeNull();
  });
});
