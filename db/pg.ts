import { neonConfig, type NeonQueryFunction } from "@neondatabase/serverless";
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { drizzle, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import type { User } from "../lib/auth/users";
import { cartRestoreTokens as links, products, users } from "./schema/pg";
import { accountId, chunks, toRole, type DemoTables, type RestoreTokenRow } from "./types";

/** How long one HTTP round trip (a statement, or a batch) may take: a cold compute wakes well within it. */
export const QUERY_TIMEOUT_MS = 10_000;

/**
 * Development: send the Neon driver's HTTP queries to a local bridge in front of an
 * ordinary PostgreSQL (NEON_LOCAL_PROXY, `npm run neon:local`) instead of Neon's servers.
 * The setting is the driver's own and process-wide, so cartsession's Postgres store (which
 * is handed the same `neon()` function) goes there too.
 */
export function routeNeonToLocalBridge(address: string): void {
  neonConfig.fetchEndpoint = () => `http://${address}/sql`;
}

/**
 * `sql` with a deadline on every round trip: the driver has none of its own, so a database
 * or link that stops answering would hold a request for as long as fetch waits (minutes),
 * where the demo should answer 503 and let the client retry. The abort is an outage
 * (db/outage.ts). A batch's statements are built lazily and sent by `transaction`, which
 * carries the batch's deadline.
 */
export function withDeadline(sql: NeonQueryFunction<false, false>, ms = QUERY_TIMEOUT_MS): NeonQueryFunction<false, false> {
  const deadline = <O extends { fetchOptions?: Record<string, unknown> }>(options: O | undefined) => ({
    ...options,
    fetchOptions: { ...options?.fetchOptions, signal: AbortSignal.timeout(ms) },
  });
  const timed = ((strings: TemplateStringsArray, ...params: unknown[]) => sql(strings, ...params)) as NeonQueryFunction<false, false>;
  return Object.assign(timed, {
    query: ((text: string, params?: unknown[], options?: Parameters<typeof sql.query>[2]) => sql.query(text, params, deadline(options))) as typeof sql.query,
    unsafe: sql.unsafe,
    transaction: ((queries: Parameters<typeof sql.transaction>[0], options?: Parameters<typeof sql.transaction>[1]) => sql.transaction(queries, deadline(options))) as typeof sql.transaction,
  });
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

/** Rows a statement without RETURNING changed (the Neon driver's full result). */
const changed = (result: { rowCount?: number | null }) => result.rowCount ?? 0;

/**
 * The demo's tables on Postgres through Drizzle's query builder over Neon's HTTP driver:
 * every statement is one round trip, and a write of several statements is one batch
 * (a non-interactive transaction).
 */
export function pgTables(sql: NeonQueryFunction<false, false>): DemoTables {
  const db: NeonHttpDatabase = drizzle({ client: sql });
  const live = (now: number) => and(isNull(links.usedAt), gt(links.expiresAt, now));
  return {
    catalog: {
      list: () => db.select(productColumns).from(products).orderBy(asc(products.position), asc(products.id)),
      get: async (id) => (await db.select(productColumns).from(products).where(eq(products.id, id)))[0] ?? null,
    },
    users: {
      async findByEmail(email) {
        const [row] = await db.select().from(users).where(eq(users.email, email));
        return row ? toUser(row) : null;
      },
      async findById(id) {
        const n = accountId(id);
        const [row] = n === null ? [] : await db.select().from(users).where(eq(users.id, n));
        return row ? toUser(row) : null;
      },
      async updatePasswordHash(id, hash) {
        const n = accountId(id);
        if (n !== null) await db.update(users).set({ passwordHash: hash }).where(eq(users.id, n));
      },
      async delete(id) {
        const n = accountId(id);
        return n !== null && changed(await db.delete(users).where(eq(users.id, n))) > 0;
      },
    },
    restoreTokens: {
      find: async (tokenHash) => (await db.select().from(links).where(eq(links.tokenHash, tokenHash)))[0] ?? null,
      async liveForCarts(cartRefs, now) {
        const rows: RestoreTokenRow[] = [];
        for (const part of chunks(cartRefs)) rows.push(...(await db.select().from(links).where(and(inArray(links.cartRef, part), live(now)))));
        return rows;
      },
      async insertLive(row, now) {
        const [, inserted] = await db.batch([
          db.delete(links).where(and(eq(links.cartRef, row.cartRef), isNull(links.usedAt), lte(links.expiresAt, now))),
          db.insert(links).values(row).onConflictDoNothing().returning({ tokenHash: links.tokenHash }),
        ]);
        return inserted.length > 0;
      },
      async updateLivePayload(tokenHash, payload, customerRef, now) {
        return changed(await db.update(links).set({ payload, customerRef }).where(and(eq(links.tokenHash, tokenHash), live(now)))) > 0;
      },
      delete: async (tokenHash) => changed(await db.delete(links).where(eq(links.tokenHash, tokenHash))) > 0,
      async consume(tokenHash, usedBy, now) {
        const [row] = await db.update(links).set({ usedAt: now, usedBy }).where(and(eq(links.tokenHash, tokenHash), live(now))).returning();
        return row ?? null;
      },
      async release(tokenHash, usedAt) {
        try {
          return changed(await db.update(links).set({ usedAt: null, usedBy: null }).where(and(eq(links.tokenHash, tokenHash), eq(links.usedAt, usedAt)))) > 0;
        } catch {
          return false;
        }
      },
      async deleteOwned(cartRefs, customerRefs) {
        let deleted = 0;
        for (const part of chunks(cartRefs)) deleted += changed(await db.delete(links).where(inArray(links.cartRef, part)));
        for (const part of chunks(customerRefs)) deleted += changed(await db.delete(links).where(inArray(links.customerRef, part)));
        return deleted;
      },
      async ownedBy(customerRefs) {
        if (customerRefs.length === 0) return [];
        return db.select().from(links).where(inArray(links.customerRef, [...customerRefs])).orderBy(asc(links.createdAt));
      },
      async deleteSpent(now) {
        // Each DELETE uses its own index.
        const used = changed(await db.delete(links).where(isNotNull(links.usedAt)));
        const expired = changed(await db.delete(links).where(lte(links.expiresAt, now)));
        return used + expired;
      },
    },
    async seed(seedProducts, seedUsers) {
      await db.batch([
        db.insert(products).values(seedProducts.map((p) => ({ ...p, currency: "USD" }))).onConflictDoNothing(),
        db.insert(users).values([...seedUsers]).onConflictDoNothing(),
      ]);
    },
    async unseed(emails, productIds) {
      const removedUsers = emails.length === 0 ? 0 : changed(await db.delete(users).where(inArray(users.email, [...emails])));
      const removedProducts = productIds.length === 0 ? 0 : changed(await db.delete(products).where(inArray(products.id, [...productIds])));
      return { users: removedUsers, products: removedProducts };
    },
  };
}
