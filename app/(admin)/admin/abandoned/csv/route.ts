import { abandonedCartsCsvStream, abandonedFilter, idleMinutes, parseAbandonedQuery } from "@/lib/admin/abandoned";
import { adminContext } from "@/lib/admin/admin-store";
import { getCurrentUser } from "@/lib/auth/current-user";
import { restoreLinks } from "@/lib/restore-links";

export const dynamic = "force-dynamic";

/**
 * Every abandoned cart the page's filters match, as CSV with each cart's one restore link
 * (downloading again hands out the same links, never new ones),
 * streamed from the database page by page: no cap, however many there are. For the
 * logged-in admin only (404 for anyone else).
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user || user.role !== "admin") return new Response("Not found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  const [{ store, decode, catalog, config, now, emails }, links] = await Promise.all([adminContext(), restoreLinks()]);
  const query = parseAbandonedQuery(Object.fromEntries(new URL(request.url).searchParams));
  const filter = abandonedFilter({
    now,
    windowMinutes: idleMinutes(query.idle, config.abandonedCartMinutes),
    kind: query.kind,
  });
  const stamp = new Date(now * 1000).toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(abandonedCartsCsvStream({ store, links, decode, catalog, now, emails }, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="abandoned-carts-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Total-Count": String(await store.countSessions(filter)),
    },
  });
}
