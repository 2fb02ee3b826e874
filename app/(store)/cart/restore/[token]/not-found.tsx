import { RestoreLinkFailed } from "@/app/_components/restore-link-failed";

/** A used, expired or unknown link, once JavaScript takes over the page (see page.tsx). */
export default RestoreLinkFailed;
