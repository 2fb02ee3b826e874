import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { neon } from "@neondatabase/serverless";
import type Database from "better-sqlite3";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "cartsession/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateDemoPostgres, migrateDemoSqlite } from "../../db/migrate";
import { guardOutages } from "../../db/outage";
import { pgTables, routeNeonToLocalBridge } from "../../db/pg";
import { openSqliteFile, sqliteTables } from "../../db/sqlite";
import type { RestoreTokenStore } from "../../db/types";
import { RESTORE_LINK_SECONDS, RestoreLinks, type LinkableCart } from "./links";
import { hashToken } from "./token";

/*
 * Restore links on real databases: the demo's migrations on a SQLite file and on a
 * throwaway Postgres (behind the engine's local Neon bridge), the same suite on each.
 */

/**
 * Stand-ins for `sessions.deriveKeys("restore-links")` under two SESSION_SECRETs: 32 bytes
 * per secret, newest first. (The engine derives them with HKDF; these tests only need
 * distinct, stable keys.)
 */
const keyOf = (secret: string) => new Uint8Array(createHash("sha256").update(`restore-links\0${secret}`).digest());
const KEY_A = keyOf("restore-links-secret-aaaaaaaaaaaaaaaaaaaa");
const KEY_B = keyOf("restore-links-secret-bbbbbbbbbbbbbbbbbbbb");
const SITE = "https://shop.example.com";
const NOW = 1_800_000_000;

const cart = (n: number, lines = [{ productId: "linen-apron", quantity: 2 }], customerId: string | null = null): LinkableCart => ({
  key: `${customerId === null ? "t" : "c"}_${n.toString(16).padStart(30, "0")}`,
  customerId,
  lines,
});

const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

interface Backend {
  tokens: RestoreTokenStore;
  /** Rows as stored (column names), and one raw statement for tampering. */
  rows(): Promise<Record<string, unknown>[]>;
  exec(statement: string, params?: unknown[]): Promise<void>;
  dispose(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-restore-links-"));
  const db: Database.Database = await openSqliteFile(path.join(dir, "links.db"));
  migrateDemoSqlite(db);
  return {
    tokens: guardOutages(sqliteTables(db).restoreTokens),
    rows: async () => db.prepare("SELECT * FROM cart_restore_tokens ORDER BY created_at, token_hash").all() as Record<string, unknown>[],
    exec: async (statement, params = []) => void db.prepare(statement).run(...params),
    async dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend | null> {
  if (await postgresOrSkipReason()) return null;
  const db: TestDatabase = await createTestDatabase("cartsession_links");
  try {
    routeNeonToLocalBridge(db.neon.address);
    const sql = neon(db.url);
    await migrateDemoPostgres(sql);
    const numbered = (statement: string) => statement.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })());
    return {
      tokens: guardOutages(pgTables(sql).restoreTokens),
      rows: async () => (await sql.query("SELECT * FROM cart_restore_tokens ORDER BY created_at, token_hash")) as Record<string, unknown>[],
      exec: async (statement, params = []) => void (await sql.query(numbered(statement), params)),
      dispose: () => db.drop(),
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

for (const [name, open] of [
  ["SQLite", sqliteBackend],
  ["Postgres", postgresBackend],
] as const) {
  describe(`restore links on ${name}`, () => {
    let backend: Backend | null = null;
    const links = (options: { keys?: Uint8Array[] } = {}) => new RestoreLinks({ tokens: backend!.tokens, keys: options.keys ?? [KEY_A], siteUrl: SITE });
    const rows = () => backend!.rows();

    beforeAll(async () => {
      backend = await open();
    }, 60_000);
    afterAll(() => backend?.dispose(), 60_000);
    beforeEach(async (context) => {
      if (!backend) return context.skip();
      await backend.exec("DELETE FROM cart_restore_tokens");
    });

    it("hands out one live link per cart: the same link on every request, a new one for another cart", async () => {
      const service = links();
      const first = await service.linkFor(cart(1), NOW);
      expect(first).toMatchObject({ created: true, createdAt: NOW, expiresAt: NOW + RESTORE_LINK_SECONDS });
      expect(first.url).toMatch(/^https:\/\/shop\.example\.com\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
      const again = await service.linkFor(cart(1), NOW + 3_600);
      expect(again).toEqual({ ...first, created: false });
      // Six "downloads" of three carts: three links, never more.
      for (let i = 0; i < 6; i++) {
        const batch = await service.linksFor([cart(1), cart(2), cart(3)], NOW + i);
        expect(batch.get(cart(1).key)?.url).toBe(first.url);
      }
      expect(await rows()).toHaveLength(3);
      const urls = new Set([...(await service.linksFor([cart(1), cart(2), cart(3)], NOW)).values()].map((l) => l.url));
      expect(urls.size).toBe(3);
    });

    it("mints once when many requests ask for the same cart's link at the same time", async () => {
      const service = links();
      const all = await Promise.all(Array.from({ length: 12 }, () => service.linkFor(cart(7), NOW)));
      expect(new Set(all.map((l) => l.url)).size).toBe(1);
      expect(all.filter((l) => l.created)).toHaveLength(1);
      expect(await rows()).toHaveLength(1);
    });

    it("keeps the link when the cart changes, and restores the cart as it is now", async () => {
      const service = links();
      const first = await service.linkFor(cart(4), NOW);
      const changed = cart(4, [{ productId: "enamel-mug", quantity: 3 }]);
      expect((await service.linkFor(changed, NOW + 60)).url).toBe(first.url);
      expect(await service.open(tokenOf(first.url), NOW + 61)).toEqual({ status: "live", lines: changed.lines, expiresAt: NOW + RESTORE_LINK_SECONDS });
    });

    it("opening shows the lines and uses nothing up, however often", async () => {
      const service = links();
      const { url } = await service.linkFor(cart(5), NOW);
      for (let i = 0; i < 5; i++) expect(await service.open(tokenOf(url), NOW + i)).toMatchObject({ status: "live", lines: cart(5).lines });
      expect((await rows())[0]).toMatchObject({ used_at: null });
      expect(await service.consume(tokenOf(url), cart(50).key, NOW + 10)).toMatchObject({ status: "restored", lines: cart(5).lines });
    });

    it("restores once when many browsers submit the same link at once; the one that did is told so on a repeat", async () => {
      const service = links();
      const token = tokenOf((await service.linkFor(cart(6), NOW)).url);
      const visitors = Array.from({ length: 20 }, (_, i) => cart(100 + i).key);
      const results = await Promise.all(visitors.map((visitor) => service.consume(token, visitor, NOW + 5)));
      const winners = results.flatMap((r, i) => (r.status === "restored" ? [visitors[i]!] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === "failed")).toHaveLength(19);
      expect(await service.consume(token, winners[0]!, NOW + 6)).toEqual({ status: "already-restored" });
      expect(await service.consume(token, cart(999).key, NOW + 6)).toEqual({ status: "failed" });
      expect(await service.open(token, NOW + 7)).toEqual({ status: "used" });
      // A used link no longer holds the cart's place: the next request makes a new one.
      const next = await service.linkFor(cart(6), NOW + 8);
      expect(next.created).toBe(true);
      expect(tokenOf(next.url)).not.toBe(token);
    });

    it("gives a link back when the restore could not be saved", async () => {
      const service = links();
      const token = tokenOf((await service.linkFor(cart(8), NOW)).url);
      const consumed = await service.consume(token, cart(80).key, NOW + 1);
      expect(consumed.status).toBe("restored");
      if (consumed.status === "restored") await service.release(consumed);
      expect(await service.open(token, NOW + 2)).toMatchObject({ status: "live" });
    });

    it("expires 7 days after it was made, however often it was handed out; a new link replaces it", async () => {
      const service = links();
      const first = await service.linkFor(cart(9), NOW);
      await service.linkFor(cart(9), NOW + RESTORE_LINK_SECONDS - 1);
      const end = NOW + RESTORE_LINK_SECONDS;
      expect(await service.open(tokenOf(first.url), end - 1)).toMatchObject({ status: "live" });
      expect(await service.open(tokenOf(first.url), end)).toEqual({ status: "expired" });
      expect(await service.consume(tokenOf(first.url), cart(90).key, end)).toEqual({ status: "failed" });
      const next = await service.linkFor(cart(9), end);
      expect(next).toMatchObject({ created: true, expiresAt: end + RESTORE_LINK_SECONDS });
      expect(next.url).not.toBe(first.url);
      expect(await service.open(tokenOf(first.url), end)).toEqual({ status: "unknown" });
      expect(await rows()).toHaveLength(1);
    });

    it("cleanup deletes used and expired links and keeps live ones", async () => {
      const service = links();
      const used = tokenOf((await service.linkFor(cart(10), NOW)).url);
      await service.consume(used, cart(11).key, NOW + 1);
      await service.linkFor(cart(12), NOW - RESTORE_LINK_SECONDS); // expired by NOW
      const live = tokenOf((await service.linkFor(cart(13), NOW)).url);
      expect(await service.cleanup(NOW)).toBe(2);
      expect((await rows()).map((r) => r.token_hash)).toEqual([hashToken(live)]);
      expect(await service.cleanup(NOW)).toBe(0);
    });

    it("erases a customer's links (every cart of theirs, used or not) and nobody else's", async () => {
      const service = links();
      const customerCart = cart(20, undefined, "42");
      const old = cart(21, undefined, "42");
      await service.linkFor(customerCart, NOW);
      const used = tokenOf((await service.linkFor(old, NOW)).url);
      await service.consume(used, cart(22).key, NOW + 1);
      const guestCart = cart(23);
      await service.linkFor(guestCart, NOW);
      const other = await service.linkFor(cart(24, undefined, "43"), NOW);
      expect(await service.exportFor("42")).toHaveLength(2);
      // The guest cart is the customer's current browser session: erased by its key.
      expect(await service.eraseFor({ customerId: "42", sessionKeys: [guestCart.key] })).toBe(3);
      expect(await service.exportFor("42")).toEqual([]);
      expect(await rows()).toHaveLength(1);
      expect(await service.open(tokenOf(other.url), NOW)).toMatchObject({ status: "live" });
    });

    it("stores the token only hashed and nothing about the cart in the clear: payloads are always sealed", async () => {
      const customer = cart(30, [{ productId: "copper-kettle", quantity: 2 }], "customer-7");
      const service = links();
      const link = await service.linkFor(customer, NOW);
      const raw = JSON.stringify(await rows());
      for (const secret of [tokenOf(link.url), "copper-kettle", customer.key, "customer-7"]) expect(raw).not.toContain(secret);
      expect(String((await rows())[0]!.payload)).toMatch(/^gcm1\.[A-Za-z0-9_-]+$/);
      // The same service reads it back and hands out the same link.
      expect(await service.linkFor(customer, NOW + 1)).toMatchObject({ url: link.url, created: false });
      expect(await service.open(tokenOf(link.url), NOW + 1)).toMatchObject({ status: "live", lines: customer.lines });
    });

    it("a link sealed under a retired secret reads as unknown, and gives way to a new one", async () => {
      const customer = cart(31, [{ productId: "wool-throw", quantity: 1 }], "customer-8");
      const before = await links({ keys: [KEY_A] }).linkFor(customer, NOW);
      const retired = links({ keys: [KEY_B] });
      expect(await retired.open(tokenOf(before.url), NOW + 1)).toEqual({ status: "unknown" });
      const after = await retired.linkFor(customer, NOW + 2);
      expect(after).toMatchObject({ created: true });
      expect(after.url).not.toBe(before.url);
      expect(await rows()).toHaveLength(1);
    });

    it("a payload copied into another row does not open (the token's hash is bound into it)", async () => {
      const service = links();
      const a = await service.linkFor(cart(40, [{ productId: "wool-throw", quantity: 999 }]), NOW);
      const b = await service.linkFor(cart(41), NOW);
      await backend!.exec("UPDATE cart_restore_tokens SET payload = (SELECT payload FROM cart_restore_tokens WHERE token_hash = ?) WHERE token_hash = ?", [
        hashToken(tokenOf(a.url)),
        hashToken(tokenOf(b.url)),
      ]);
      expect(await service.open(tokenOf(b.url), NOW)).toEqual({ status: "unknown" });
      expect(await service.consume(tokenOf(b.url), cart(42).key, NOW)).toEqual({ status: "failed" });
    });

    it("hands out the same link after SESSION_SECRET rotates, until the old secret is removed", async () => {
      const before = await links({ keys: [KEY_A] }).linkFor(cart(50, undefined, "7"), NOW);
      const rotated = links({ keys: [KEY_B, KEY_A] });
      expect((await rotated.linkFor(cart(50, undefined, "7"), NOW + 1)).url).toBe(before.url);
      expect(await rotated.exportFor("7")).toHaveLength(1);
      const after = await links({ keys: [KEY_B] }).linkFor(cart(50, undefined, "7"), NOW + 2);
      expect(after.created).toBe(true);
      expect(after.url).not.toBe(before.url);
      expect(await rows()).toHaveLength(1);
    });

    it("answers malformed and unknown tokens without touching the database's data", async () => {
      const service = links();
      await service.linkFor(cart(60), NOW);
      for (const token of ["", "short", "x".repeat(44), "../../etc/passwd", "A".repeat(43), "%00".repeat(20), "é".repeat(43)]) {
        expect(await service.open(token, NOW)).toMatchObject({ status: "unknown" });
        expect(await service.consume(token, cart(61).key, NOW)).toEqual({ status: "failed" });
      }
      expect((await rows())[0]).toMatchObject({ used_at: null });
    });
  });
}
