import http from "node:http";

/**
 * What no Next.js code can answer, installed once on Node's HTTP server at start
 * (instrumentation.ts), before Next.js sees the request. On Vercel there is no such server
 * and its edge answers these itself.
 *
 * - `TRACE`, `TRACK` and `CONNECT`: the Fetch API cannot represent them, so Next.js fails
 *   to build the Request and answers 500 on every path. They get a 405 with `Allow`.
 * - HSTS on every response when `SITE_URL` is https: proxy.ts sets it on pages, but route
 *   handlers (`/api/*`) are not behind the proxy, and next.config.mjs headers are fixed at
 *   build time, when SITE_URL may not be known.
 */
const UNREPRESENTABLE = new Set(["TRACE", "TRACK", "CONNECT"]);
export const HSTS = "max-age=63072000; includeSubDomains";
const INSTALLED = Symbol.for("cartsession-demo.serverHooks");

export function installServerHooks(options: { hsts: boolean }): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (options.hsts) response.setHeader("Strict-Transport-Security", HSTS);
      if (UNREPRESENTABLE.has(request.method ?? "")) {
        const body = JSON.stringify({ error: { code: "method_not_allowed", message: `${request.method} is not served here.` } });
        response.writeHead(405, { "Content-Type": "application/json", "Cache-Control": "private, no-store", Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", Connection: "close" });
        response.end(body);
        request.resume();
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
