import { getCurrentUser } from "@/lib/auth/current-user";
import { erasePersonalData } from "@/lib/auth/personal-data";
import { errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { restoreLinks } from "@/lib/restore-links";
import { users } from "@/lib/shop";
import { shopConfig } from "@/lib/shop-config";
import { getSession, onLogout, sessions } from "@/lib/sessions";

export const dynamic = "force-dynamic";

/** A browser says where a request comes from; only this site may erase an account. */
function fromAnotherSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  return origin !== null && origin !== shopConfig().siteUrl;
}

/**
 * `POST /api/account/erase` with `{ "confirm": true }`: GDPR erasure for the logged-in
 * customer. Deletes their cart's restore links, their session on every device and their
 * account, logs this browser out, and answers what was deleted. A JSON body is required
 * (a cross-site form cannot send one) and a request from another origin is refused.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (fromAnotherSite(request)) return errorResponse(403, "cross_site_request", "Erasing an account is only possible from this shop's own pages.");
    const body = await readJsonBody(request);
    if (typeof body !== "object" || body === null || (body as { confirm?: unknown }).confirm !== true) {
      return errorResponse(400, "confirmation_required", 'Send { "confirm": true } to erase your account and everything stored about you.');
    }
    const user = await getCurrentUser();
    if (!user) return errorResponse(401, "not_logged_in", "Log in to erase your data.");
    const sessionKey = (await getSession()).getSessionKey();
    const links = await restoreLinks();
    // Every login ends first (so no device keeps a login to an erased account), then the data goes.
    await onLogout({ everywhere: true });
    const erased = await erasePersonalData(user.id, { sessionKeys: [sessionKey], links, eraseSession: sessions.eraseSession, users });
    return jsonResponse({ erased });
  } catch (error) {
    return toErrorResponse(error);
  }
}
