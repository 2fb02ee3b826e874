import Link from "next/link";
import type { ReactNode } from "react";
import { BroomIcon, CartClockIcon, GaugeIcon, ListIcon } from "@/app/_components/icons";
import { Notices } from "@/app/_components/notices";

const SECTIONS = [
  { id: "overview", href: "/admin", label: "Overview", Icon: GaugeIcon },
  { id: "sessions", href: "/admin/sessions", label: "Sessions", Icon: ListIcon },
  { id: "abandoned", href: "/admin/abandoned", label: "Abandoned carts", Icon: CartClockIcon },
  { id: "cleanup", href: "/admin/cleanup", label: "Cleanup", Icon: BroomIcon },
] as const;

export type AdminSection = (typeof SECTIONS)[number]["id"];

/**
 * One admin page: the admin navigation (with the current section marked) and the page's
 * main content, headed by its notices. Lives in the pages rather than the layout because
 * only the page knows which section it is.
 */
export function AdminFrame({ current, children }: { current: AdminSection; children: ReactNode }) {
  return (
    <>
      <nav aria-label="Admin" className="admin-nav">
        <ul>
          {SECTIONS.map(({ id, href, label, Icon }) => (
            <li key={id}>
              <Link href={href} aria-current={id === current ? "page" : undefined}>
                <Icon />
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="admin-main">
        <Notices />
        {children}
      </main>
    </>
  );
}

/** "Admin / Sessions / …" above a page that sits below a section. */
export function AdminBreadcrumb({ trail }: { trail: { href?: string; label: ReactNode }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        {trail.map((step, i) => (
          <li key={i}>{step.href ? <Link href={step.href}>{step.label}</Link> : <span aria-current="page">{step.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}
