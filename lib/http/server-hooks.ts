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
 * - The body guard of pages and Server Actions (everything outside `/api/`, whose route
 *   handlers read through lib/http/body.ts): a body must declare its length, at most
 *   `maxPageBodyBytes`, else 413 at once. Next.js reads a page request's whole body before
 *   its proxy runs (a chunked 20 MiB post was read to the end; a 1 GiB trickle got no
 *   answer), so proxy.ts, which checks the same, cannot answer first; this can.
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

function refuse(request: http.IncomingMessage, response: http.ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "private, no-store", ...extra });
  response.end(JSON.stringify({ error: { code, message } }));
  request.resume();
}

/** Why a page request's body is refused before anything reads it, or null. */
function pageBodyRefusal(request: http.IncomingMessage, maxBytes: number): string | null {
  if ((request.url ?? "/").startsWith("/api/")) return null;
  const length = request.headers["content-length"];
  if (length !== undefined) return Number(length) > maxBytes ? `The request body is over the ${maxBytes}-byte limit.` : null;
  return request.headers["transfer-encoding"] !== undefined ? `A form's body must declare its length (Content-Length), at most ${maxBytes} bytes.` : null;
}

export function installServerHooks(options: { hsts: boolean; maxPageBodyBytes: number }): void {
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
          if (!request.complete) request.socket?.destroy();
        }, LINGER_MS).unref();
      });
      if (UNREPRESENTABLE.has(request.method ?? "")) {
        refuse(request, response, 405, "method_not_allowed", `${request.method} is not served here.`, { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
        return true;
      }
      const refusal = pageBodyRefusal(request, options.maxPageBodyBytes);
      if (refusal !== null) {
        refuse(request, response, 413, "payload_too_large", refusal);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
