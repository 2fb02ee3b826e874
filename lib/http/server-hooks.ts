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
 * - A lingering close after a refused body (the body guard's 413 / 408, lib/http/body.ts and
 *   proxy.ts): when the answer is sent while the client is still sending, Node discards
 *   what still arrives (nothing is kept) and the connection is destroyed LINGER_MS later.
 *   Closing at once would make the kernel reset the connection over the unread bytes, and
 *   the client would often lose the answer; never closing would let a trickle run on.
 */
const UNREPRESENTABLE = new Set(["TRACE", "TRACK", "CONNECT"]);
export const HSTS = "max-age=63072000; includeSubDomains";
const INSTALLED = Symbol.for("cartsession-demo.serverHooks");
const LINGER_MS = 2_000;

export function installServerHooks(options: { hsts: boolean }): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (options.hsts) response.setHeader("Strict-Transport-Security", HSTS);
      response.once("finish", () => {
        if (request.complete) return;
        request.resume();
        setTimeout(() => {
          if (!request.complete) request.socket.destroy();
        }, LINGER_MS).unref();
      });
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
