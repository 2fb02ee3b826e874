import { abandonedCartsWithLinks } from "@/lib/admin/abandoned-report";
import { hasBearerSecret } from "@/lib/http/bearer";
import { errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { shopConfig } from "@/lib/shop-config";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Carts per response unless `perPage` asks for fewer. */
const MAX_PER_PAGE = 1_000;

function positiveInt(value: string | null, fallback: number, max: number): number | null {
  if (value === null) return fallback;
  if (!/^\d{1,7}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/**
 * `GET /api/admin/abandoned-carts[?page=1&perPage=1000]` for marketing tools:
 * `Authorization: Bearer <ADMIN_API_TOKEN>`; without ADMIN_API_TOKEN configured it refuses
 * everything. Answers one page with the true `total`, and `nextPage` while there is more,
 * so nothing is silently left out. Each cart comes with its one restore link: asking again
 * hands out the same link while it lives (a tool polling this never piles up links).
 */
export async function GET(request: Request): Promise<Response> {
  const token = shopConfig().adminApiToken;
  if (!token) return errorResponse(401, "admin_token_unset", "ADMIN_API_TOKEN is not configured, so the admin API refuses every request.");
  if (!hasBearerSecret(request.headers.get("authorization"), token)) {
    return errorResponse(401, "unauthorized", "Send Authorization: Bearer <ADMIN_API_TOKEN>.", { "WWW-Authenticate": "Bearer" });
  }
  try {
    const search = new URL(request.url).searchParams;
    const page = positiveInt(search.get("page"), 1, 1_000_000);
    const perPage = positiveInt(search.get("perPage"), MAX_PER_PAGE, MAX_PER_PAGE);
    if (page === null || perPage === null) {
      return errorResponse(400, "invalid_request", `page must be a whole number from 1, and perPage one from 1 to ${MAX_PER_PAGE}.`);
    }
    const { carts, total } = await abandonedCartsWithLinks(page, perPage);
    return jsonResponse({
      total,
      page,
      perPage,
      nextPage: page * perPage < total ? page + 1 : null,
      carts: carts.map((c) => ({
        sessionKey: c.key,
        customerId: c.customerId,
        kind: c.kind,
        email: c.email,
        items: c.items,
        value: c.valueCents,
        currency: c.currency,
        lastActivity: new Date(c.lastActivity * 1000).toISOString(),
        lines: c.lines,
        restoreUrl: c.restoreUrl,
        restoreExpiresAt: c.restoreExpiresAt === null ? null : new Date(c.restoreExpiresAt * 1000).toISOString(),
      })),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
