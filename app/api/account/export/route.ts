import { unixNow } from "@/lib/now";
import { getCurrentUser } from "@/lib/auth/current-user";
import { exportPersonalData } from "@/lib/auth/personal-data";
import { errorResponse, toErrorResponse } from "@/lib/http/errors";
import { restoreLinks } from "@/lib/restore-links";
import { users } from "@/lib/shop";
import { sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** A JSON download of everything stored for the logged-in customer: the account, the session and their cart's restore links. */
export async function GET(): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) return errorResponse(401, "not_logged_in", "Log in to download your data.");
    const data = await exportPersonalData(user.id, {
      exportSession: sessions.exportSession,
      users,
      links: await restoreLinks(),
      now: unixNow(),
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

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
