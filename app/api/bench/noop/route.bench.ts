export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the framework's own ceiling for `npm run bench`. */
export async function GET(): Promise<Response> {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "private, no-store" } });
}

export const POST = GET;
