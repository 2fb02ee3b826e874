import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark } from "@/app/_components/icons";
import { SubmitButton } from "@/app/_components/submit-button";
import { logoutAction } from "@/app/(store)/login/actions";
import { requireAdmin } from "@/lib/admin/require-admin";

export const metadata: Metadata = { title: { default: "Store admin", template: "%s · Store admin" }, robots: { index: false } };

/**
 * The store admin's own frame: a dark top bar with a way back to the shop, and (in each
 * page, which knows where it is) the admin navigation. The role is checked here, before
 * anything of the admin is rendered, so anyone else gets the store's ordinary 404; every
 * page and action checks again.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireAdmin();
  return (
    <>
      <header className="admin-topbar">
        <div className="admin-topbar-inner">
          <Link href="/admin" className="brand">
            <BrandMark />
            <span>
              cartsession <small>store admin</small>
            </span>
          </Link>
          <nav aria-label="Leave the admin">
            <Link href="/">View the shop</Link>
            <Link href="/account" aria-label={`${user.name}: your account`}>
              {user.name}
            </Link>
            <form action={logoutAction}>
              <SubmitButton className="button-small topbar-button">Log out</SubmitButton>
            </form>
          </nav>
        </div>
      </header>
      <div className="admin-body">{children}</div>
    </>
  );
}
