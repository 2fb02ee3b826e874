/**
 * The one same-site check of every state-changing request a browser can be tricked into
 * sending (forms and Server Actions in proxy.ts, the logout and erase APIs): refused when
 * the browser says the request comes from another site (`Sec-Fetch-Site`), or its `Origin`
 * is neither the shop's (`SITE_URL`) nor the host it was sent to. A request with neither
 * header (curl, a server) is not a browser's and is let through; the session cookie is
 * SameSite=Lax anyway.
 */
export function fromAnotherSite(headers: Headers, siteUrl: string): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null || origin === siteUrl) return false;
  try {
    return new URL(origin).host !== headers.get("host");
  } catch {
    return true; // "null" (a sandboxed or opaque origin) or garbage
  }
}
