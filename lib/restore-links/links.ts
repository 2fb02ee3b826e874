import { cartLines, type CartLine } from "cartsession";
import type { RestoreTokenRow, RestoreTokenStore } from "../shop";
import { cartRef, customerRefs, deriveToken, hashToken, isRestoreToken, newSeed, openPayload, recoverToken, sealPayload, visitorRef } from "./token";

/** A link works for 7 days from when it was made (handing it out again does not extend it). */
export const RESTORE_LINK_SECONDS = 7 * 86_400;

/** The path a link opens; the token is its last segment. */
export const RESTORE_PATH = "/cart/restore/";

/** Where a used, expired or unknown link leads (a 404 page saying so). */
export const RESTORE_FAILED_PATH = "/cart/restore-failed";

/** A cart to link to: the session it lives in and its lines now. */
export interface LinkableCart {
  key: string;
  customerId: string | null;
  lines: CartLine[];
}

export interface RestoreLink {
  url: string;
  createdAt: number;
  expiresAt: number;
  /** False when this is the cart's existing link, handed out again. */
  created: boolean;
}

/** What opening a link finds (GET: nothing changes). */
export type OpenedLink = { status: "live"; lines: CartLine[]; expiresAt: number } | { status: "used" | "expired" | "unknown" };

/** What restoring a link did (POST). */
export type ConsumedLink =
  | { status: "restored"; lines: CartLine[]; tokenHash: string; usedAt: number }
  /** This browser restored it already (a double submit): nothing more to do. */
  | { status: "already-restored" }
  | { status: "failed" };

/** What a link's payload holds, sealed under the token's hash (lib/restore-links/token.ts). */
interface Payload {
  v: 1;
  /** Derives the token again (lib/restore-links/token.ts). */
  seed: string;
  sessionKey: string;
  customerId: string | null;
  lines: CartLine[];
}

export type { RestoreTokenStore };

export interface RestoreLinksDeps {
  tokens: RestoreTokenStore;
  /**
   * Keys for restore links, newest first: `sessions.deriveKeys("restore-links")` (derived
   * from SESSION_SECRET, one per listed secret). The first signs and seals; all verify and open.
   */
  keys: readonly Uint8Array[];
  /** The shop's origin, e.g. https://shop.example.com. */
  siteUrl: string;
}

const sameLines = (a: readonly CartLine[], b: readonly CartLine[]) =>
  a.length === b.length && a.every((line, i) => line.productId === b[i]?.productId && line.quantity === b[i]?.quantity);

/** Links made or read at once by `linksFor`. */
const LINK_CONCURRENCY = 8;

/** How many times minting retries when a concurrent request changed the cart's link meanwhile. */
const MINT_ATTEMPTS = 4;

/**
 * Cart restore links: one live link per cart, handed out again while it lives; opening shows
 * it (no change), restoring consumes it once (atomically); spent links are cleaned up and a
 * customer's links go with a GDPR erasure.
 */
export class RestoreLinks {
  constructor(private readonly deps: RestoreLinksDeps) {}

  private encode(payload: Payload, tokenHash: string): string {
    // The token's hash is the associated data: a payload copied into another row does not open.
    return sealPayload(payload, tokenHash, this.deps.keys);
  }

  private decode(row: RestoreTokenRow): Payload | null {
    const data = openPayload(row.payload, row.tokenHash, this.deps.keys);
    if (!data || data.v !== 1 || typeof data.seed !== "string" || typeof data.sessionKey !== "string") return null;
    const lines = cartLines(data.lines);
    if (lines.length === 0) return null;
    return { v: 1, seed: data.seed, sessionKey: data.sessionKey, customerId: typeof data.customerId === "string" ? data.customerId : null, lines };
  }

  private url(token: string): string {
    return `${this.deps.siteUrl}${RESTORE_PATH}${token}`;
  }

  private customerRef(customerId: string | null): string | null {
    return customerId === null ? null : (customerRefs(customerId, this.deps.keys)[0] ?? null);
  }

  /** The cart's link: its live one (brought up to its current lines), or a new one. */
  async linkFor(cart: LinkableCart, now: number): Promise<RestoreLink> {
    const link = (await this.linksFor([cart], now)).get(cart.key);
    if (!link) throw new Error(`no restore link for ${cart.key}`);
    return link;
  }

  /** Each cart's link (by session key), reading the live ones in one query: what CSV pages and API pages use. */
  async linksFor(carts: readonly LinkableCart[], now: number): Promise<Map<string, RestoreLink>> {
    const links = new Map<string, RestoreLink>();
    const live = new Map((await this.deps.tokens.liveForCarts(carts.map((c) => cartRef(c.key)), now)).map((row) => [row.cartRef, row]));
    const queue = carts.filter((cart) => cart.lines.length > 0);
    // A few at a time: over Postgres's HTTP driver each new link is a round trip.
    const worker = async () => {
      for (let cart = queue.shift(); cart; cart = queue.shift()) links.set(cart.key, await this.linkWith(cart, live.get(cartRef(cart.key)) ?? null, now));
    };
    await Promise.all(Array.from({ length: Math.min(LINK_CONCURRENCY, queue.length) }, worker));
    // In the callers' order.
    return new Map(carts.flatMap((cart) => (links.has(cart.key) ? [[cart.key, links.get(cart.key)!] as const] : [])));
  }

  private async linkWith(cart: LinkableCart, found: RestoreTokenRow | null, now: number): Promise<RestoreLink> {
    const ref = cartRef(cart.key);
    let row = found;
    for (let attempt = 0; attempt < MINT_ATTEMPTS; attempt++) {
      if (row) {
        const existing = await this.handOutAgain(row, cart, now);
        if (existing) return existing;
      } else {
        const seed = newSeed();
        const token = deriveToken(seed, this.deps.keys[0]!);
        const tokenHash = hashToken(token);
        const stored = await this.deps.tokens.insertLive(
          {
            tokenHash,
            cartRef: ref,
            customerRef: this.customerRef(cart.customerId),
            payload: this.encode({ v: 1, seed, sessionKey: cart.key, customerId: cart.customerId, lines: cart.lines }, tokenHash),
            createdAt: now,
            expiresAt: now + RESTORE_LINK_SECONDS,
          },
          now,
        );
        if (stored) return { url: this.url(token), createdAt: now, expiresAt: now + RESTORE_LINK_SECONDS, created: true };
      }
      // Another request made or used the cart's link meanwhile: look again.
      row = (await this.deps.tokens.liveForCarts([ref], now))[0] ?? null;
    }
    throw new Error(`the restore link of ${cart.key} kept changing; try again`);
  }

  /** The live link of `row` for `cart`, refreshed to the cart's lines; null when it cannot be handed out any more. */
  private async handOutAgain(row: RestoreTokenRow, cart: LinkableCart, now: number): Promise<RestoreLink | null> {
    const payload = this.decode(row);
    const token = payload ? recoverToken(payload.seed, row.tokenHash, this.deps.keys) : null;
    if (!payload || !token) {
      // Made under a secret no longer configured: it can never be shown
      // again, so it gives way to a new link rather than block the cart.
      await this.deps.tokens.delete(row.tokenHash);
      return null;
    }
    if (!sameLines(payload.lines, cart.lines) || payload.customerId !== cart.customerId) {
      const updated = this.encode({ ...payload, customerId: cart.customerId, lines: cart.lines }, row.tokenHash);
      if (!(await this.deps.tokens.updateLivePayload(row.tokenHash, updated, this.customerRef(cart.customerId), now))) return null;
    }
    return { url: this.url(token), createdAt: row.createdAt, expiresAt: row.expiresAt, created: false };
  }

  /** What a link would restore; changes nothing. */
  async open(token: string, now: number): Promise<OpenedLink> {
    if (!isRestoreToken(token)) return { status: "unknown" };
    const row = await this.deps.tokens.find(hashToken(token));
    if (!row) return { status: "unknown" };
    if (row.usedAt !== null) return { status: "used" };
    if (row.expiresAt <= now) return { status: "expired" };
    const payload = this.decode(row);
    return payload ? { status: "live", lines: payload.lines, expiresAt: row.expiresAt } : { status: "unknown" };
  }

  /**
   * Marks the link used by the session `visitorKey` and returns its lines, once: of two
   * concurrent calls one restores. A repeat from the session that restored it is told so.
   * If the restore cannot be saved afterwards, `release` makes the link live again.
   */
  async consume(token: string, visitorKey: string, now: number): Promise<ConsumedLink> {
    if (!isRestoreToken(token)) return { status: "failed" };
    const tokenHash = hashToken(token);
    const by = visitorRef(visitorKey);
    const row = await this.deps.tokens.consume(tokenHash, by, now);
    if (row) {
      const payload = this.decode(row);
      return payload ? { status: "restored", lines: payload.lines, tokenHash, usedAt: now } : { status: "failed" };
    }
    const spent = await this.deps.tokens.find(tokenHash);
    return spent?.usedBy === by ? { status: "already-restored" } : { status: "failed" };
  }

  /** Undoes a `consume` whose restore was not saved. */
  async release(consumed: { tokenHash: string; usedAt: number }): Promise<void> {
    await this.deps.tokens.release(consumed.tokenHash, consumed.usedAt);
  }

  /** Deletes every link of a customer and of these sessions (GDPR erasure); how many went. */
  async eraseFor(owner: { customerId: string | null; sessionKeys: readonly string[] }): Promise<number> {
    const customers = owner.customerId === null ? [] : customerRefs(owner.customerId, this.deps.keys);
    return this.deps.tokens.deleteOwned(owner.sessionKeys.map(cartRef), customers);
  }

  /** A customer's links as the GDPR export shows them: when, until when, used or not, and the lines (never the token). */
  async exportFor(customerId: string): Promise<{ createdAt: string; expiresAt: string; usedAt: string | null; lines: CartLine[] }[]> {
    const rows = await this.deps.tokens.ownedBy(customerRefs(customerId, this.deps.keys));
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
    return rows.map((row) => ({ createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt), usedAt: row.usedAt === null ? null : iso(row.usedAt), lines: this.decode(row)?.lines ?? [] }));
  }

  /** Deletes used and expired links (the cleanup route); how many went. */
  cleanup(now: number): Promise<number> {
    return this.deps.tokens.deleteSpent(now);
  }
}
