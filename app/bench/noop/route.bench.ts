export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the no-op route outside /api, so it runs behind the proxy: what the proxy costs. */
export async function GET(): Promise<Response> {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "private, no-store" } });
}

export const POST = GET;
