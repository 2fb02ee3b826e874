import { getCatalog, getSessionStore } from "@/db/client";
import { abandonedCartsCsvStream, abandonedFilter, idleMinutes, parseAbandonedQuery } from "@/lib/admin/abandoned";
import { getCurrentUser } from "@/lib/auth/current-user";
import { systemClock } from "@/lib/session/clock";
import { getConfig } from "@/lib/session/config";
import { codecFor } from "@/lib/session/encryption";

export const dynamic = "force-dynamic";

/**
 * Every abandoned cart the page's filters match, as CSV with a fresh restore link each,
 * streamed from the database page by page: no cap, however many there are. For the
 * logged-in admin only (404 for anyone else).
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user || user.role !== "admin") return new Response("Not found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  const config = getConfig();
  const now = systemClock.nowSeconds();
  const query = parseAbandonedQuery(Object.fromEntries(new URL(request.url).searchParams));
  const store = await getSessionStore(config);
  const filter = abandonedFilter({
    now,
    guestLifetime: config.guestExpiration,
    userLifetime: config.userExpiration,
    windowMinutes: idleMinutes(query.idle, config.abandonedCartMinutes),
    kind: query.kind,
  });
  const stamp = new Date(now * 1000).toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(abandonedCartsCsvStream({ store, codec: codecFor(config), catalog: await getCatalog(config), siteUrl: config.siteUrl, now }, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="abandoned-carts-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Total-Count": String(await store.countSessions(filter)),
    },
  });
}
