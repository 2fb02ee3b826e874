import Link from "next/link";
import { pagerItems, type PageWindow } from "@/lib/admin/list-query";

/** Page links for a list with a known total; nothing when everything fits on one page. */
export function Pager({ window, href, label }: { window: PageWindow; href: (page: number) => string; label: string }) {
  if (window.pages <= 1) return null;
  const { page, pages } = window;
  return (
    <nav aria-label={label} className="pager">
      <ul>
        {page > 1 && (
          <li>
            <Link href={href(page - 1)} rel="prev">
              ← <span className="visually-hidden">Previous page</span>
            </Link>
          </li>
        )}
        {pagerItems(page, pages).map((item, i) =>
          item === null ? (
            <li key={`gap-${i}`}>
              <span className="gap" aria-hidden="true">
                …
              </span>
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <span className="current" aria-current="page">
                  <span className="visually-hidden">Page </span>
                  {item}
                </span>
              ) : (
                <Link href={href(item)}>
                  <span className="visually-hidden">Page </span>
                  {item}
                </Link>
              )}
            </li>
          ),
        )}
        {page < pages && (
          <li>
            <Link href={href(page + 1)} rel="next">
              <span className="visually-hidden">Next page</span> →
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
