import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getSession } from "@/lib/sessions";
import { logoutAction, logoutEverywhereAction } from "../login/actions";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login?next=/account");
  const session = await getSession();
  const expiresAt = new Date(session.getExpiration() * 1000);
  return (
    <section className="card" aria-labelledby="account-heading">
      <Notices />
      <h1 id="account-heading">Hello, {user.name}</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="account-email">{user.email}</dd>
        <dt>Customer id</dt>
        <dd data-testid="customer-id">{session.getCustomerId()}</dd>
        <dt>Session expires</dt>
        <dd>
          <time dateTime={expiresAt.toISOString()}>{expiresAt.toUTCString()}</time>
        </dd>
      </dl>
      <h2>Your data</h2>
      <p>
        <a href="/api/account/export" download>
          Download everything we store about you (JSON)
        </a>
      </p>
      {user.role === "admin" && (
        <p>
          <Link href="/admin">Store admin</Link>
        </p>
      )}
      <form action={logoutAction}>
        <button type="submit">Log out</button>
      </form>
      <form action={logoutEverywhereAction}>
        <button type="submit">Log out on every device</button>
      </form>
    </section>
  );
}
