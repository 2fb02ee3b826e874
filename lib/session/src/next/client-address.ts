/**
 * Who is asking: the client address the per-address limits count against
 * (`limits.newSessionsPerAddress`, `sessions.rateLimit`). A forwarding header is only as
 * good as the proxy that wrote it, so the address is read according to a trust setting
 * (`trustedProxy`, env `SESSION_TRUSTED_PROXY`), never from whatever the client sent:
 *
 * - `"vercel"` (detected from `VERCEL=1` when unset): Vercel's edge overwrites
 *   `X-Forwarded-For` / `X-Real-IP` / `X-Vercel-Forwarded-For` with the address it saw.
 * - `"cloudflare"`: `CF-Connecting-IP` (only safe when the origin accepts Cloudflare alone).
 * - a number of hops, `1` to `10` (nginx, a load balancer, a CDN in front of one): each
 *   trusted proxy appends the address it saw to `X-Forwarded-For`, so the client is the
 *   hop that many places from the end; anything left of it was written by the client.
 * - `"direct"`: nothing stands in front of `next start`; the socket's own address is read
 *   (a hook on Node's HTTP server stamps it on the request, unforgeably), headers ignored.
 * - unset (no proxy declared, not on Vercel): `next start` keeps a client-sent
 *   `X-Forwarded-For` (it fills the header only when absent), so no header can be believed.
 *   Every request carrying one counts against one shared bucket, `UNVERIFIED_ADDRESS`, and
 *   the server warns once, naming the setting. A spoofed header never buys a fresh bucket.
 *
 * A request the setting cannot place (a hop missing, a header absent: it did not come
 * through the declared proxy) also counts as `UNVERIFIED_ADDRESS`.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { OptionsError } from "../errors.js";

export type TrustedProxy = "vercel" | "cloudflare" | "direct" | number;

/** The one bucket every request whose address cannot be verified shares. */
export const UNVERIFIED_ADDRESS = "unverified";

/** The env variable behind the `trustedProxy` option. */
export const TRUSTED_PROXY_ENV = "SESSION_TRUSTED_PROXY";

const MAX_HOPS = 10;

/** Parses `SESSION_TRUSTED_PROXY` (or validates the option); undefined when unset. */
export function parseTrustedProxy(raw: unknown, name = "trustedProxy"): TrustedProxy | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number" || (typeof raw === "string" && /^\d+$/.test(raw.trim()))) {
    const hops = Number(raw);
    if (Number.isSafeInteger(hops) && hops >= 1 && hops <= MAX_HOPS) return hops;
    throw new OptionsError(name, `must be a number of proxy hops from 1 to ${MAX_HOPS}, got ${String(raw)}`);
  }
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (value === "vercel" || value === "cloudflare" || value === "direct") return value;
  throw new OptionsError(name, `must be "vercel", "cloudflare", "direct" or a number of proxy hops (e.g. 1 behind nginx), got "${String(raw)}"`);
}

/** The setting in force: the explicit one, else Vercel when its environment says so, else none. */
export function resolveTrustedProxy(setting: TrustedProxy | undefined, env: Record<string, string | undefined> = process.env): TrustedProxy | undefined {
  if (setting !== undefined) return setting;
  return env.VERCEL === "1" ? "vercel" : undefined;
}

/* ---------- "direct": the socket address, stamped by a hook on Node's HTTP server ---------- */

const PEER_HEADER = "x-cartsession-peer";
/** Shared by every copy of this module a bundler loads (one per Next.js layer). */
const STATE = Symbol.for("cartsession.clientAddress");
interface PeerState {
  token: string;
  installed: boolean;
  warned: boolean;
}
function state(): PeerState {
  const g = globalThis as unknown as Record<symbol, PeerState | undefined>;
  return (g[STATE] ??= { token: randomBytes(16).toString("hex"), installed: false, warned: false });
}

/**
 * Makes every request this process's HTTP servers receive carry its socket address in a
 * header stamped with a per-process secret (whatever the client sent under that name is
 * overwritten), so `"direct"` can read the real peer where Next.js keeps no socket.
 * Idempotent; call it at start (the `trustedProxy: "direct"` setting does, when the engine
 * is first set up).
 */
export function captureSocketAddresses(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = `${s.token} ${request.socket?.remoteAddress ?? ""}`;
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

function stampedPeer(headers: Headers): string | null {
  const [token, address] = (headers.get(PEER_HEADER) ?? "").split(" ");
  return token === state().token && address ? address : null;
}

/* ---------- reading ---------- */

function hops(headers: Headers): string[] {
  return (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
}

/** A header value as an address: trimmed, at most 100 characters, or null when empty. */
function clean(value: string | null | undefined): string | null {
  const address = value?.trim() ?? "";
  return address === "" ? null : address.slice(0, 100);
}

const FORWARDING_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded", "cf-connecting-ip", "true-client-ip", "x-client-ip"];

/**
 * The reader for one setting: `headers` → the address to count against. Never null: what
 * cannot be placed is `UNVERIFIED_ADDRESS`, one bucket for all such requests.
 */
export function clientAddressReader(setting: TrustedProxy | undefined, warn: (message: string) => void = (m) => console.warn(m)): (headers: Headers) => string {
  if (setting === "direct") captureSocketAddresses();
  return (headers) => {
    if (setting === "vercel") {
      return clean(headers.get("x-vercel-forwarded-for")?.split(",")[0]) ?? clean(headers.get("x-real-ip")) ?? clean(hops(headers)[0]) ?? UNVERIFIED_ADDRESS;
    }
    if (setting === "cloudflare") return clean(headers.get("cf-connecting-ip")) ?? UNVERIFIED_ADDRESS;
    if (setting === "direct") return stampedPeer(headers) ?? UNVERIFIED_ADDRESS;
    if (typeof setting === "number") {
      const list = hops(headers);
      return list.length >= setting ? (clean(list[list.length - setting]) ?? UNVERIFIED_ADDRESS) : UNVERIFIED_ADDRESS;
    }
    const s = state();
    if (!s.warned && FORWARDING_HEADERS.some((name) => headers.has(name))) {
      s.warned = true;
      warn(
        `[cartsession] A request carries a forwarding header (X-Forwarded-For) but no proxy is declared, so it cannot be told from one a client made up: ` +
          `every such request shares one rate-limit bucket. Set ${TRUSTED_PROXY_ENV} (the trustedProxy option of createCartSessions): ` +
          `"direct" when next start faces the internet itself, the number of proxies in front (1 behind nginx), "cloudflare", or "vercel" (detected from VERCEL=1).`,
      );
    }
    return UNVERIFIED_ADDRESS;
  };
}
