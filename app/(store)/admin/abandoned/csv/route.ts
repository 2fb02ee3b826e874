import { abandonedCartsCsv } from "@/lib/admin/abandoned";
import { abandonedCartsWithLinks } from "@/lib/admin/abandoned-report";
import { getCurrentUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

/** CSV of abandoned carts with restore links, for the logged-in admin (404 for anyone else). */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user || user.role !== "admin") return new Response("Not found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  return new Response(abandonedCartsCsv(await abandonedCartsWithLinks(1_000)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="abandoned-carts.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
