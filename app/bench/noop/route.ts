import { benchEnabled } from "@/lib/bench-counter";

export const dynamic = "force-dynamic";

/** The no-op route outside /api, so it runs behind the proxy: what the proxy costs (404 unless CARTSESSION_BENCH=1). */
export async function GET(): Promise<Response> {
  if (!benchEnabled()) return new Response("Not found", { status: 404 });
  return Response.json({ ok: true }, { headers: { "Cache-Control": "private, no-store" } });
}

export const POST = GET;
