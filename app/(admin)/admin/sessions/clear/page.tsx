import type { Metadata } from "next";
import Link from "next/link";
import { formatCount } from "@/lib/admin/format";
import { adminContext } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { clearSessionsAction } from "../actions";
import { AdminBreadcrumb, AdminFrame } from "../../_components/admin-frame";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Clear sessions" };
export const dynamic = "force-dynamic";

/** Says exactly what will be deleted before doing it (WooCommerce's tool did not). */
async function ClearSessionsPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  await requireAdmin();
  const all = (await searchParams).scope === "all";
  const kinds = await (await adminContext()).store.countByKind();
  const count = all ? kinds.guests + kinds.customers : kinds.guests;
  return (
    <AdminFrame current="cleanup">
      <AdminBreadcrumb trail={[{ href: "/admin/cleanup", label: "Cleanup" }, { label: all ? "Clear all sessions" : "Clear guest sessions" }]} />
      <section className="card danger-zone" aria-labelledby="clear-heading">
        <h1 id="clear-heading">{all ? "Clear all sessions" : "Clear all guest sessions"}</h1>
        <p data-testid="clear-summary">
          This deletes <strong>{formatCount(count)}</strong> {all ? "sessions" : "guest sessions"}
          {all
            ? `: ${formatCount(kinds.guests)} guests and ${formatCount(kinds.customers)} logged-in customers, who are logged out and lose their carts.`
            : `. The ${formatCount(kinds.customers)} logged-in customers keep theirs.`}
        </p>
        <p>It cannot be undone.</p>
        <form action={clearSessionsAction} className="actions">
          <input type="hidden" name="scope" value={all ? "all" : "guests"} />
          <SubmitButton className="button-danger">
            Delete {formatCount(count)} sessions
          </SubmitButton>
          <Link href="/admin/cleanup">Cancel</Link>
        </form>
      </section>
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(ClearSessionsPage);
