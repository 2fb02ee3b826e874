export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the no-op route behind an empty proxy (proxy.ts returns at once on this path in bench builds). */
export async function GET(): Promise<Response> {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "private, no-store" } });
}
