import type Database from "better-sqlite3";
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { User } from "../lib/auth/users";
import type { Product } from "../lib/cart/catalog";
import { cartRestoreTokens as links, products, users } from "./schema/sqlite";
import { accountId, chunks, toRole, type DemoTables, type RestoreTokenRow } from "./types";

/**
 * Opens the demo's SQLite file with the settings cartsession's SQLite store relies on too
 * (the store shares this connection): WAL so readers run beside the writer, a 10 s busy
 * timeout so concurrent writers wait rather than fail, `synchronous = NORMAL` (nothing
 * acknowledged is lost on a process crash in WAL mode) and a cap on the WAL's size.
 */
export async function openSqliteFile(file: string): Promise<Database.Database> {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  const { default: Sqlite } = await import("better-sqlite3");
  const db = new Sqlite(file);
  try {
    db.pragma("busy_timeout = 10000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("journal_size_limit = 67108864");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

const productColumns = { id: products.id, name: products.name, description: products.description, priceCents: products.priceCents, currency: products.currency, swatch: products.swatch };

const toUser = (row: typeof users.$inferSelect): User => ({
  id: String(row.id),
  email: row.email,
  name: row.name,
  role: toRole(row.role),
  passwordHash: row.passwordHash,
  createdAt: row.createdAt,
});

/** The demo's tables on SQLite through Drizzle's query builder (synchronous underneath). */
export function sqliteTables(database: Database.Database): DemoTables {
  const db: BetterSQLite3Database = drizzle({ client: database });
  const live = (now: number) => and(isNull(links.usedAt), gt(links.expiresAt, now));
  // The catalog is read on every cart write: its two statements are prepared once.
  const productList = db.select(productColumns).from(products).orderBy(asc(products.position), asc(products.id)).prepare();
  const productById = db.select(productColumns).from(products).where(eq(products.id, sql.placeholder("id"))).prepare();
  return {
    catalog: {
      list: async (): Promise<Product[]> => productList.all(),
      get: async (id): Promise<Product | null> => productById.get({ id }) ?? null,
    },
    users: {
      async findByEmail(email) {
        const row = db.select().from(users).where(eq(users.email, email)).get();
        return row ? toUser(row) : null;
      },
      async findById(id) {
        const n = accountId(id);
        const row = n === null ? undefined : db.select().from(users).where(eq(users.id, n)).get();
        return row ? toUser(row) : null;
      },
      async updatePasswordHash(id, hash) {
        const n = accountId(id);
        if (n !== null) db.update(users).set({ passwordHash: hash }).where(eq(users.id, n)).run();
      },
      async delete(id) {
        const n = accountId(id);
        return n !== null && db.delete(users).where(eq(users.id, n)).run().changes > 0;
      },
    },
    restoreTokens: {
      find: async (tokenHash) => db.select().from(links).where(eq(links.tokenHash, tokenHash)).get() ?? null,
      async liveForCarts(cartRefs, now) {
        const rows: RestoreTokenRow[] = [];
        for (const part of chunks(cartRefs)) rows.push(...db.select().from(links).where(and(inArray(links.cartRef, part), live(now))).all());
        return rows;
      },
      async insertLive(row, now) {
        // better-sqlite3 is synchronous: nothing else runs between BEGIN and COMMIT.
        return db.transaction(
          (tx) => {
            tx.delete(links).where(and(eq(links.cartRef, row.cartRef), isNull(links.usedAt), lte(links.expiresAt, now))).run();
            return tx.insert(links).values(row).onConflictDoNothing().returning({ tokenHash: links.tokenHash }).all().length > 0;
          },
          { behavior: "immediate" },
        );
      },
      async updateLivePayload(tokenHash, payload, customerRef, now) {
        return db.update(links).set({ payload, customerRef }).where(and(eq(links.tokenHash, tokenHash), live(now))).run().changes > 0;
      },
      delete: async (tokenHash) => db.delete(links).where(eq(links.tokenHash, tokenHash)).run().changes > 0,
      async consume(tokenHash, usedBy, now) {
        const [row] = db.update(links).set({ usedAt: now, usedBy }).where(and(eq(links.tokenHash, tokenHash), live(now))).returning().all();
        return row ?? null;
      },
      async release(tokenHash, usedAt) {
        try {
          return db.update(links).set({ usedAt: null, usedBy: null }).where(and(eq(links.tokenHash, tokenHash), eq(links.usedAt, usedAt))).run().changes > 0;
        } catch {
          return false;
        }
      },
      async deleteOwned(cartRefs, customerRefs) {
        let deleted = 0;
        for (const part of chunks(cartRefs)) deleted += db.delete(links).where(inArray(links.cartRef, part)).run().changes;
        for (const part of chunks(customerRefs)) deleted += db.delete(links).where(inArray(links.customerRef, part)).run().changes;
        return deleted;
      },
      async ownedBy(customerRefs) {
        if (customerRefs.length === 0) return [];
        return db.select().from(links).where(inArray(links.customerRef, [...customerRefs])).orderBy(asc(links.createdAt)).all();
      },
      async deleteSpent(now) {
        // Each DELETE uses its own index.
        const used = db.delete(links).where(isNotNull(links.usedAt)).run().changes;
        const expired = db.delete(links).where(lte(links.expiresAt, now)).run().changes;
        return used + expired;
      },
    },
    async seed(seedProducts, seedUsers) {
      db.transaction(
        (tx) => {
          for (const p of seedProducts) tx.insert(products).values({ ...p, currency: "USD" }).onConflictDoNothing().run();
          for (const u of seedUsers) tx.insert(users).values(u).onConflictDoNothing().run();
        },
        { behavior: "immediate" },
      );
    },
    async unseed(emails, productIds) {
      const removedUsers = emails.length === 0 ? 0 : db.delete(users).where(inArray(users.email, [...emails])).run().changes;
      const removedProducts = productIds.length === 0 ? 0 : db.delete(products).where(inArray(products.id, [...productIds])).run().changes;
      return { users: removedUsers, products: removedProducts };
    },
  };
}
