import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isSessionKey } from "cartsession";
import { adminStore } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { sessions } from "@/lib/sessions";
import { deleteSessionAction } from "../actions";

export const metadata: Metadata = { title: "Session · admin", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<{ confirm?: string }> };

export default async function SessionDetailPage({ params, searchParams }: Props) {
  await requireAdmin();
  const key = decodeURIComponent((await params).key);
  if (!isSessionKey(key)) notFound();
  const row = await (await adminStore()).load(key);
  if (!row) notFound();
  const confirming = (await searchParams).confirm === "1";
  const data = sessions.engine().settings.codec.decode(row.value, key);
  return (
    <section aria-labelledby="session-heading" className="admin">
      <p className="breadcrumb">
        <Link href="/admin">Admin</Link> / <Link href="/admin/sessions">Sessions</Link> / <code>{key}</code>
      </p>
      <h1 id="session-heading">
        {row.customerId === null ? "Guest" : `Customer ${row.customerId}`} session <code>{key}</code>
      </h1>
      <p className="muted">
        Version {row.version}; {row.customerId === null ? "" : `${row.logins.length} active login${row.logins.length === 1 ? "" : "s"}; `}row kept until {new Date(row.expiresAt * 1000).toUTCString()}.
      </p>
      <pre className="json" data-testid="session-json">
        {JSON.stringify(data, null, 2)}
      </pre>
      {confirming ? (
        <form action={deleteSessionAction} className="confirm">
          <input type="hidden" name="key" value={key} />
          <p role="alert">Delete this session? The shopper&apos;s cart and everything else in it will be gone.</p>
          <button type="submit">Yes, delete session {key}</button> <Link href={`/admin/sessions/${encodeURIComponent(key)}`}>Cancel</Link>
        </form>
      ) : (
        <p>
          <Link href={`/admin/sessions/${encodeURIComponent(key)}?confirm=1`}>Delete this session…</Link>
        </p>
      )}
    </section>
  );
}
