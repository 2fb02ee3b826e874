import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatBytes, formatUtc } from "@/lib/admin/format";
import { statusOf } from "@/lib/admin/list-query";
import { adminContext, isGuestKey } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { summarizeCart } from "@/lib/cart/model";
import { isSessionKey as isValidSessionKey } from "cartsession";
import { deleteSessionAction } from "../actions";
import { AdminBreadcrumb, AdminFrame } from "../../_components/admin-frame";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Session" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<{ confirm?: string }> };

async function SessionDetailPage({ params, searchParams }: Props) {
  await requireAdmin();
  const key = decodeURIComponent((await params).key);
  if (!isValidSessionKey(key)) notFound();
  const { store, codec, now } = await adminContext();
  const row = await store.load(key);
  if (!row) notFound();
  const confirming = (await searchParams).confirm === "1";
  const data = codec.decode(row.value, key);
  const status = statusOf(row, { now });
  return (
    <AdminFrame current="sessions">
      <AdminBreadcrumb trail={[{ href: "/admin/sessions", label: "Sessions" }, { label: <code>{key}</code> }]} />
      <h1>
        {isGuestKey(key) ? "Guest" : "Customer"} session <code>{key}</code>
      </h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`pill pill-${status}`}>{status}</span>
        </dd>
        <dt>Items in cart</dt>
        <dd>{summarizeCart(data.cart).items}</dd>
        <dt>Version</dt>
        <dd>{row.version}</dd>
        <dt>Stored value</dt>
        <dd>{formatBytes(Buffer.byteLength(row.value))}</dd>
        <dt>Row kept until</dt>
        <dd>{formatUtc(row.expiry)}</dd>
      </dl>
      <h2>Stored data</h2>
      <pre className="json" data-testid="session-json" tabIndex={0} aria-label="Stored data as JSON">
        {JSON.stringify(data, null, 2)}
      </pre>
      {confirming ? (
        <form action={deleteSessionAction} className="card danger-zone stack">
          <input type="hidden" name="key" value={key} />
          <p role="alert">Delete this session? The shopper&apos;s cart and everything else in it will be gone.</p>
          <p className="actions">
            <SubmitButton className="button-danger">
              Yes, delete session {key}
            </SubmitButton>
            <Link href={`/admin/sessions/${encodeURIComponent(key)}`}>Cancel</Link>
          </p>
        </form>
      ) : (
        <p>
          <Link href={`/admin/sessions/${encodeURIComponent(key)}?confirm=1`} className="button button-secondary">
            Delete this session…
          </Link>
        </p>
      )}
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(SessionDetailPage);
