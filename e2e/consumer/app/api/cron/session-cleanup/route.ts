import { sessions } from "../../../../lib/sessions";

export const GET = sessions.cleanupRoute;
