import type { CookieJar, CookieOptions } from "./cookies.js";

/**
 * Cookies straight from a Request's `Cookie` header and straight onto a Response's
 * `Set-Cookie` headers: what a Route Handler needs without Next's request-scoped
 * `cookies()` store (docs/ARCHITECTURE.md, "Route handlers read the Request").
 */

/** The `Cookie` header as a map; a repeated name keeps its last value, as Next's parser does. */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.includes("%")) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // Kept as sent: a malformed escape is just an unknown value.
      }
    }
    if (name !== "") cookies.set(name, value);
  }
  return cookies;
}

/** The last `Expires` formatted: a response's cookies share one, and formatting a date costs more than the rest. */
let lastExpires = { at: Number.NaN, text: "" };

function expiresText(at: number): string {
  if (lastExpires.at !== at) lastExpires = { at, text: new Date(at).toUTCString() };
  return lastExpires.text;
}

/** One `Set-Cookie` value. Names and values here are our own (hex, base64url, "1"), never user text. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}, now = Date.now()): string {
  const parts = [`${name}=${value}`, `Path=${options.path ?? "/"}`];
  if (options.maxAge !== undefined) {
    // Whole seconds, as the header carries them.
    parts.push(`Expires=${expiresText(Math.floor((now + options.maxAge * 1000) / 1000) * 1000)}`, `Max-Age=${options.maxAge}`);
  }
  if (options.secure) parts.push("Secure");
  if (options.httpOnly) parts.push("HttpOnly");
  if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
  return parts.join("; ");
}

/** A cookie jar that records `Set-Cookie` values (the last one per name wins) for a Response. */
export class SetCookieList implements CookieJar {
  private readonly entries = new Map<string, string>();

  get(): undefined {
    // Reads come from the request's header; this jar only collects what to send.
    return undefined;
  }

  set(name: string, value: string, options?: CookieOptions): void {
    this.entries.set(name, serializeCookie(name, value, options));
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<string> {
    return this.entries.values();
  }
}
