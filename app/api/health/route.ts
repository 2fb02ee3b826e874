import { sessions } from "@/lib/sessions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{ status, store, latencyMs, checkedAt }`: 200, or 503 when the store cannot read and write. Constant time. */
export const GET = sessions.healthRoute;
