import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginAction } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getCurrentUser()) redirect("/account");
  const { next } = await searchParams;
  return (
    <div className="narrow">
      <Notices />
      <section className="card" aria-labelledby="login-heading">
        <h1 id="login-heading">Log in</h1>
        <p className="muted">Your cart comes with you: whatever you added as a guest joins the cart on your account.</p>
        <form action={loginAction} className="stack">
          <input type="hidden" name="next" value={typeof next === "string" ? next : "/account"} />
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
          </div>
          <div className="actions">
            <SubmitButton>Log in</SubmitButton>
            <Link href="/">Continue shopping</Link>
          </div>
        </form>
      </section>
      <p className="muted small">
        Demo accounts: <code>demo@example.com</code> / <code>demo-password</code>, and <code>admin@example.com</code> /{" "}
        <code>admin-password</code> for the store admin.
      </p>
    </div>
  );
}
