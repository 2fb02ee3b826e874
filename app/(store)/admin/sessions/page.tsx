import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { isSessionKey, summarizeCart } from "cartsession";
import { adminStore } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { sessions } from "@/lib/sessions";

export const metadata: Metadata = { title: "Sessions · admin", robots: { index: false } };
export const dynamic = "force-dynamic";

const PER_PAGE = 25;
const when = (unix: number) => new Date(unix * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";

type Props = { searchParams: Promise<{ q?: string; page?: string }> };

export default async function SessionInspectorPage({ searchParams }: Props) {
  await requireAdmin();
  const { q, page } = await searchParams;
  const store = await adminStore();
  const query = typeof q === "string" ? q.trim() : "";
  let notFoundKey: string | null = null;
  if (query) {
    if (isSessionKey(query) && (await store.load(query))) redirect(`/admin/sessions/${encodeURIComponent(query)}`);
    notFoundKey = query;
  }
  const current = Math.max(1, Math.min(100_000, Number.parseInt(page ?? "1", 10) || 1));
  const [entries, guests, customers] = await Promise.all([
    store.listSessions({ limit: PER_PAGE, offset: (current - 1) * PER_PAGE }),
    store.countSessions({ kind: "guest" }),
    store.countSessions({ kind: "customer" }),
  ]);
  const kinds = { guests, customers };
  const { codec, cartKey } = sessions.engine().settings;
  return (
    <section aria-labelledby="inspector-heading" className="admin">
      <Notices />
      <p className="breadcrumb">
        <Link href="/admin">Admin</Link> / Sessions
      </p>
      <h1 id="inspector-heading">Session inspector</h1>
      <form method="get" className="note-form" role="search">
        <label htmlFor="q">Find a session by customer id or session key</label>
        <input id="q" name="q" defaultValue={query} maxLength={40} placeholder="t_… or a user id" />
        <button type="submit">Find</button>
      </form>
      {notFoundKey !== null && (
        <p role="alert" className="notice notice-error">
          No stored session has the key “{notFoundKey}”.
        </p>
      )}
      <p>
        {kinds.guests.toLocaleString("en")} guest and {kinds.customers.toLocaleString("en")} customer sessions stored.{" "}
        <Link href="/admin/sessions/clear?scope=guests">Clear all guest sessions…</Link> ·{" "}
        <Link href="/admin/sessions/clear?scope=all">Clear all sessions…</Link>
      </p>
      {entries.length === 0 ? (
        <p className="muted">{current === 1 ? "No session is stored yet: they appear here once a shopper stores something." : "No more sessions."}</p>
      ) : (
        <table className="admin-table">
          <caption>Newest activity first, page {current}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Kind</th>
              <th scope="col">Last activity</th>
              <th scope="col">Row kept until</th>
              <th scope="col">Size</th>
              <th scope="col">Items</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.key} data-testid={`session-row-${entry.key}`}>
                <td>
                  <Link href={`/admin/sessions/${encodeURIComponent(entry.key)}`}>
                    <code>{entry.key}</code>
                  </Link>
                </td>
                <td>{entry.customerId === null ? "guest" : "customer"}</td>
                <td>{when(entry.updatedAt)}</td>
                <td>{when(entry.expiresAt)}</td>
                <td>{entry.bytes.toLocaleString("en")} B</td>
                <td>{summarizeCart(codec.decode(entry.value, entry.key)[cartKey]).items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" className="pager">
        {current > 1 && <Link href={`/admin/sessions?page=${current - 1}`}>← Newer</Link>}
        {entries.length === PER_PAGE && <Link href={`/admin/sessions?page=${current + 1}`}>Older →</Link>}
      </nav>
    </section>
  );
}
