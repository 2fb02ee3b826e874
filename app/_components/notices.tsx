import type { Notice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";

/** Shows the notices queued by the last action once, then clears them (WooCommerce's flash). */
export async function Notices() {
  const notices: Notice[] = (await (await getSession<ShopSession>()).take("notices")) ?? [];
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Messages">
      {notices.map((notice, i) => (
        <li key={i} className={`notice notice-${notice.type}`} role={notice.type === "error" ? "alert" : "status"}>
          {notice.text}
        </li>
      ))}
    </ul>
  );
}
