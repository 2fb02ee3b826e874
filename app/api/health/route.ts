import { sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{ status, store, latencyMs, checkedAt }`: 200, or 503 when the store cannot read and write. Constant time. */
export const GET = sessions.healthRoute;

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
