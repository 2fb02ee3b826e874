import { RestoreLinkFailed } from "@/app/_components/restore-link-failed";

/** The same message once JavaScript takes over (see page.tsx). */
export default RestoreLinkFailed;
