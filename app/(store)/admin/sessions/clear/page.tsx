import type { Metadata } from "next";
import Link from "next/link";
import { adminStore } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { clearSessionsAction } from "../actions";

export const metadata: Metadata = { title: "Clear sessions · admin", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Says exactly what will be deleted before doing it (WooCommerce's tool did not). */
export default async function ClearSessionsPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  await requireAdmin();
  const all = (await searchParams).scope === "all";
  const store = await adminStore();
  const [guests, customers] = await Promise.all([store.countSessions({ kind: "guest" }), store.countSessions({ kind: "customer" })]);
  const kinds = { guests, customers };
  const count = all ? kinds.guests + kinds.customers : kinds.guests;
  return (
    <section aria-labelledby="clear-heading" className="admin">
      <p className="breadcrumb">
        <Link href="/admin">Admin</Link> / <Link href="/admin/sessions">Sessions</Link> / Clear
      </p>
      <h1 id="clear-heading">{all ? "Clear all sessions" : "Clear all guest sessions"}</h1>
      <p data-testid="clear-summary">
        This deletes <strong>{count.toLocaleString("en")}</strong> {all ? "sessions" : "guest sessions"}
        {all
          ? `: ${kinds.guests.toLocaleString("en")} guests and ${kinds.customers.toLocaleString("en")} logged-in customers, who are logged out and lose their carts.`
          : `. The ${kinds.customers.toLocaleString("en")} logged-in customers keep theirs.`}
      </p>
      <form action={clearSessionsAction}>
        <input type="hidden" name="scope" value={all ? "all" : "guests"} />
        <button type="submit">Delete {count.toLocaleString("en")} sessions</button> <Link href="/admin/sessions">Cancel</Link>
      </form>
    </section>
  );
}
