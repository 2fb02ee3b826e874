import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getSession } from "@/lib/sessions";
import { logoutAction, logoutEverywhereAction } from "../login/actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login?next=/account");
  const session = await getSession();
  const expiresAt = new Date(session.getExpiration() * 1000);
  return (
    <div className="narrow stack">
      <Notices />
      <section className="card" aria-labelledby="account-heading">
        <h1 id="account-heading">Hello, {user.name}</h1>
        <dl className="facts">
          <dt>Email</dt>
          <dd data-testid="account-email">{user.email}</dd>
          <dt>Customer id</dt>
          <dd data-testid="customer-id">{session.getCustomerId()}</dd>
          <dt>Signed in until</dt>
          <dd>
            <time dateTime={expiresAt.toISOString()}>{expiresAt.toUTCString()}</time>
          </dd>
        </dl>
        <div className="actions">
          <Link href="/cart" className="button button-secondary">
            Your cart
          </Link>
          <form action={logoutAction}>
            <SubmitButton>Log out</SubmitButton>
          </form>
          <form action={logoutEverywhereAction}>
            <SubmitButton className="button-secondary">
              Log out on every device
            </SubmitButton>
          </form>
        </div>
      </section>
      {user.role === "admin" && (
        <section className="card" aria-labelledby="admin-heading">
          <h2 id="admin-heading">Store admin</h2>
          <p className="muted">Sessions, open and abandoned carts, and cleanup.</p>
          <Link href="/admin" className="button">
            Open the store admin
          </Link>
        </section>
      )}
      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p>
          <a href="/api/account/export" download>
            Download everything we store about you (JSON)
          </a>
        </p>
        <p className="muted small">
          Developers: <Link href="/session">see this session as the engine stores it</Link>.
        </p>
      </section>
    </div>
  );
}
