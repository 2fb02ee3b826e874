/**
 * Reading the session cookie per request: an iron-session unseal on a cache miss (cold) and
 * the bounded cache hit (warm), next to a plain HMAC-SHA256 verify of the same payload.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
// The cookie functions themselves (engine internals): this measures the crypto and the cache.
import { clearUnsealCache, newGuestCookie, sealSessionCookie, unsealSessionCookie } from "../lib/session/src/cookie";
import { newGuestKey } from "../lib/session/src/keys";
import { resolveSettings } from "../lib/session/src/options";
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

export async function benchCookie(iterations: number, repeats: number): Promise<CookieFigures> {
  const config = resolveSettings({ secrets: BENCH_SECRET, siteUrl: "http://localhost" });
  const now = Math.floor(Date.now() / 1000);
  const cookie = { ...newGuestCookie(config, newGuestKey(), now), persisted: true };
  const sealed = await sealSessionCookie(config, cookie, now);
  const key = randomBytes(32);
  const body = JSON.stringify(cookie);
  const mac = createHmac("sha256", key).update(body).digest();
  const runs: { cold: number[]; warm: number[]; hmac: number[]; seal: number[] }[] = [];
  for (let r = 0; r < repeats; r++) {
    const cold: number[] = [];
    const warm: number[] = [];
    const hmac: number[] = [];
    const seal: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const changed = { ...cookie, expiration: cookie.expiration + (i % 5) };
      const s0 = performance.now();
      await sealSessionCookie(config, changed, now);
      seal.push(usSince(s0));
      clearUnsealCache(config);
      let t = performance.now();
      await unsealSessionCookie(config, sealed, now);
      cold.push(usSince(t));
      t = performance.now();
      await unsealSessionCookie(config, sealed, now);
      warm.push(usSince(t));
      t = performance.now();
      const check = createHmac("sha256", key).update(body).digest();
      if (!timingSafeEqual(check, mac)) throw new Error("hmac mismatch");
      JSON.parse(body);
      hmac.push(usSince(t));
    }
    runs.push({ cold, warm, hmac, seal });
  }
  const pick = (name: "cold" | "warm" | "hmac" | "seal"): Summary => {
    const s = runs.map((r) => summarize(r[name]));
    return { median: median(s.map((x) => x.median)), p99: median(s.map((x) => x.p99)), mean: median(s.map((x) => x.mean)), n: s[0]?.n ?? 0 };
  };
  const warm = pick("warm");
  const hmac = pick("hmac");
  return { sealLength: sealed.length, cold: pick("cold"), warm, hmac, seal: pick("seal"), warmVsHmac: warm.median / hmac.median };
}
