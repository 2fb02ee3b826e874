import type { Metadata } from "next";
import { RestoreLinkFailed } from "@/app/_components/restore-link-failed";

export const metadata: Metadata = { title: "Link no longer valid", robots: { index: false } };

/** Where "Restore these items to my cart" lands when the link was used or expired meanwhile. */
export default function RestoreFailedPage() {
  return <RestoreLinkFailed />;
}
