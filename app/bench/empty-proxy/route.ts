import { benchEnabled } from "@/lib/bench-counter";

export const dynamic = "force-dynamic";

/** The no-op route behind an empty proxy (proxy.ts returns at once on this path): a 404 unless CARTSESSION_BENCH=1. */
export async function GET(): Promise<Response> {
  if (!benchEnabled()) return new Response("Not found", { status: 404 });
  return Response.json({ ok: true }, { headers: { "Cache-Control": "private, no-store" } });
}
