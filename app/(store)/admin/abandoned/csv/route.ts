import { ABANDONED_CSV_HEADER, abandonedCartCsvRow } from "@/lib/admin/abandoned";
import { abandonedCartsWithLinks } from "@/lib/admin/abandoned-report";
import { getCurrentUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

const PAGE = 500;

/** CSV of every abandoned cart with a restore link, for the logged-in admin (404 for anyone else); streamed page by page, never capped. */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user || user.role !== "admin") return new Response("Not found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  const encoder = new TextEncoder();
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${ABANDONED_CSV_HEADER}\n`));
    },
    async pull(controller) {
      const { carts } = await abandonedCartsWithLinks(PAGE, offset);
      offset += carts.length;
      if (carts.length > 0) controller.enqueue(encoder.encode(carts.map(abandonedCartCsvRow).join("\n") + "\n"));
      if (carts.length < PAGE) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="abandoned-carts.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
