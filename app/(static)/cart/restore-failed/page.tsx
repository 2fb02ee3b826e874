import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { RestoreLinkFailed } from "@/app/_components/restore-link-failed";

export const dynamic = "force-static";
export const metadata: Metadata = { title: "Link no longer valid", robots: { index: false } };

/** Raises the 404 from inside a Suspense boundary (see the page). */
function NotFoundSignal(): null {
  notFound();
}

/**
 * Where a used, expired or unknown restore link leads: opening one (GET) and restoring one
 * (POST) both land here, and nothing was changed. It answers 404 with the message in its
 * HTML, with or without JavaScript: a page rendered per request cannot do both in Next.js 16
 * (a notFound() there sends an empty shell, vercel/next.js#62228; inside Suspense, a 200),
 * but this one is rendered once at build time, where the status and the Suspense fallback
 * are both kept (as for unknown products, app/(catalog)/products/[id]). With JavaScript,
 * not-found.tsx shows the same message.
 */
export default function RestoreFailedPage() {
  return (
    <Suspense fallback={<RestoreLinkFailed />}>
      <NotFoundSignal />
    </Suspense>
  );
}
