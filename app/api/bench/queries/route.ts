import { benchEnabled, storeCalls } from "@/lib/bench-counter";

export const dynamic = "force-dynamic";

/** How many session-store calls this server has made (bench only; 404 otherwise). */
export async function GET(): Promise<Response> {
  if (!benchEnabled()) return new Response("Not found", { status: 404 });
  return Response.json({ storeCalls: storeCalls() }, { headers: { "Cache-Control": "private, no-store" } });
}
