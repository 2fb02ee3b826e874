/**
 * HTTP load on the cart API: many concurrent add-to-cart requests aimed at one session,
 * then a check that the cart holds exactly what was acknowledged. Loopback only, bounded
 * in count and time. Used by e2e/load.spec.ts and by `npm run load-test`.
 */

export interface LoadOptions {
  /** Sessions loaded at once. */
  sessions: number;
  /** Concurrent add-to-cart requests per session. */
  requestsPerSession: number;
  productId: string;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Spread the requests of each session over several servers (multi-instance). */
  baseUrls: readonly string[];
}

export interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  /** Sessions whose final cart did not hold exactly `requestsPerSession` units. */
  mismatches: { token: string; expected: number; actual: number }[];
  durationMs: number;
  requestsPerSecond: number;
}

async function timedFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** A fresh headless session: its Cart-Token, obtained without storing anything. */
async function newSessionToken(baseUrl: string, timeoutMs: number): Promise<string> {
  const response = await timedFetch(`${baseUrl}/api/cart`, {}, timeoutMs);
  const token = response.headers.get("cart-token");
  if (!response.ok || !token) throw new Error(`GET /api/cart gave ${response.status} without a Cart-Token`);
  return token;
}

async function cartUnits(baseUrl: string, token: string, timeoutMs: number): Promise<number> {
  const response = await timedFetch(`${baseUrl}/api/cart`, { headers: { "cart-token": token } }, timeoutMs);
  const body = (await response.json()) as { itemCount: number };
  return body.itemCount;
}

export async function runCartLoad(options: LoadOptions): Promise<LoadResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const urls = options.baseUrls;
  const first = urls[0];
  if (!first) throw new Error("no base URL");
  const tokens = await Promise.all(Array.from({ length: options.sessions }, () => newSessionToken(first, timeoutMs)));
  const statuses: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    tokens.flatMap((token) =>
      Array.from({ length: options.requestsPerSession }, async (_, i) => {
        const url = `${urls[i % urls.length]}/api/cart/items`;
        let status: string;
        try {
          const response = await timedFetch(
            url,
            {
              method: "POST",
              headers: { "content-type": "application/json", "cart-token": token },
              body: JSON.stringify({ productId: options.productId, quantity: 1 }),
            },
            timeoutMs,
          );
          await response.arrayBuffer();
          status = String(response.status);
        } catch (error) {
          status = error instanceof Error ? error.name : "error";
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    ),
  );
  const durationMs = performance.now() - started;
  const mismatches: LoadResult["mismatches"] = [];
  for (const [i, token] of tokens.entries()) {
    const actual = await cartUnits(urls[i % urls.length] ?? first, token, timeoutMs);
    if (actual !== options.requestsPerSession) mismatches.push({ token: token.slice(0, 24), expected: options.requestsPerSession, actual });
  }
  const requests = options.sessions * options.requestsPerSession;
  return { requests, statuses, mismatches, durationMs: Math.round(durationMs), requestsPerSecond: Math.round((requests / durationMs) * 1000) };
}
