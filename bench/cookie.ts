/**
 * Reading the session cookie per request, through the public API (`sessions.readSession`
 * of a guest who never stored anything, so no store call): an iron-session unseal the
 * first time a cookie is seen (cold), the bounded cache on every later request (warm), and
 * sealing a changed cookie state (`sealCartToken`), next to a plain HMAC-SHA256 verify of
 * the same payload.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SessionCookie } from "cartsession";
import { createCartSessions, type CartSessions } from "cartsession/next";
import { BENCH_SECRET } from "./engine";
import { median, summarize, type Summary, usSince } from "./stats";

export interface CookieFigures {
  sealLength: number;
  cold: Summary;
  warm: Summary;
  /** Sealing a changed cookie state (issue, renewal, login; never a cart change). */
  seal: Summary;
  hmac: Summary;
  /** warm median / HMAC median */
  warmVsHmac: number;
}

const SITE = "http://localhost";

/** A fresh engine (its own unseal cache) that never opens a store: every read here is a cookie-only guest. */
const cookieOnly = (): CartSessions =>
  createCartSessions({ secrets: BENCH_SECRET, siteUrl: SITE, store: () => Promise.reject(new Error("the cookie bench opens no store")) });

/** A new visitor's cookie state, as the engine issues it (through a Route Handler). */
async function issuedCookie(sessions: CartSessions): Promise<SessionCookie> {
  let cookie: SessionCookie | undefined;
  await sessions.route(async (_request, session) => {
    cookie = session.cookie;
    return new Response(null, { status: 204 });
  })(new Request(`${SITE}/api/x`), undefined);
  if (!cookie) throw new Error("no cookie issued");
  return cookie;
}

export async function benchCookie(iterations: number, repeats: number): Promise<CookieFigures> {
  const minter = cookieOnly();
  const template = await issuedCookie(minter);
  const name = minter.cookieNames().session;
  const key = randomBytes(32);
  const body = JSON.stringify(template);
  const mac = createHmac("sha256", key).update(body).digest();
  const runs: { cold: number[]; warm: number[]; hmac: number[]; seal: number[] }[] = [];
  let sealLength = 0;
  for (let r = 0; r < repeats; r++) {
    // Distinct guests, sealed up front (timed as `seal`), then read by a fresh engine.
    const seal: number[] = [];
    const requests: Request[] = [];
    for (let i = 0; i < iterations; i++) {
      const state = { ...template, key: `t_${randomBytes(15).toString("hex")}` };
      const t = performance.now();
      const sealed = await minter.sealCartToken(state);
      seal.push(usSince(t));
      sealLength = sealed.length;
      requests.push(new Request(`${SITE}/cart`, { headers: { cookie: `${name}=${sealed}` } }));
    }
    const reader = cookieOnly();
    const cold: number[] = [];
    const warm: number[] = [];
    const hmac: number[] = [];
    for (const request of requests) {
      let t = performance.now();
      await reader.readSession(request);
      cold.push(usSince(t));
      t = performance.now();
      await reader.readSession(request);
      warm.push(usSince(t));
      t = performance.now();
      const check = createHmac("sha256", key).update(body).digest();
      if (!timingSafeEqual(check, mac)) throw new Error("hmac mismatch");
      JSON.parse(body);
      hmac.push(usSince(t));
    }
    runs.push({ cold, warm, hmac, seal });
  }
  const pick = (field: "cold" | "warm" | "hmac" | "seal"): Summary => {
    const s = runs.map((r) => summarize(r[field]));
    return { median: median(s.map((x) => x.median)), p99: median(s.map((x) => x.p99)), mean: median(s.map((x) => x.mean)), n: s[0]?.n ?? 0 };
  };
  const warm = pick("warm");
  const hmac = pick("hmac");
  return { sealLength, cold: pick("cold"), warm, hmac, seal: pick("seal"), warmVsHmac: warm.median / hmac.median };
}
