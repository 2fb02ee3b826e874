import { getSessionStore, getUserStore } from "../../../../db/client";
import { getCurrentUser } from "../../../../lib/auth/current-user";
import { exportPersonalData } from "../../../../lib/auth/personal-data";
import { errorResponse, toErrorResponse } from "../../../../lib/http/errors";
import { systemClock } from "../../../../lib/session/clock";
import { getConfig } from "../../../../lib/session/config";
import { codecFor } from "../../../../lib/session/encryption";

export const dynamic = "force-dynamic";

/** A JSON download of everything stored for the logged-in customer. */
export async function GET(): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) return errorResponse(401, "not_logged_in", "Log in to download your data.");
    const config = getConfig();
    const data = await exportPersonalData(user.id, {
      sessions: await getSessionStore(config),
      users: await getUserStore(config),
      codec: codecFor(config),
      now: systemClock.nowSeconds(),
    });
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="cartsession-data-${user.id}.json"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
