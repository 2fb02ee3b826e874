import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginAction } from "./actions";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getCurrentUser()) redirect("/account");
  const { next } = await searchParams;
  return (
    <section className="card auth-card" aria-labelledby="login-heading">
      <Notices />
      <h1 id="login-heading">Log in</h1>
      <p className="muted">Your cart comes with you: whatever you added as a guest joins the cart on your account.</p>
      <form action={loginAction} className="auth-form">
        <input type="hidden" name="next" value={typeof next === "string" ? next : "/account"} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
        <button type="submit">Log in</button>
      </form>
      <p className="muted small">
        Demo accounts: <code>demo@example.com</code> / <code>demo-password</code>, and <code>admin@example.com</code> /{" "}
        <code>admin-password</code> for the store admin.
      </p>
    </section>
  );
}
