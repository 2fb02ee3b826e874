/** A flash message shown once on the next render (WooCommerce's `wc_add_notice`). */
export type NoticeType = "success" | "error" | "info";

export interface Notice {
  type: NoticeType;
  text: string;
}

/** The session key notices are stored under. */
export const NOTICES_KEY = "notices";

/** Anything with the session's `update`, e.g. `Session<{ notices: Notice[] }>`. */
export interface NoticeSession {
  update(key: typeof NOTICES_KEY, fn: (current: Notice[] | undefined) => Notice[] | null | undefined): void;
}

/** Most notices kept waiting; older ones are dropped so a looping client cannot grow the session. */
const MAX_WAITING = 10;

/** Queues a notice for the next page render, which shows it and then clears it. */
export function addNotice(session: NoticeSession, type: NoticeType, text: string): void {
  session.update(NOTICES_KEY, (current) => [...(Array.isArray(current) ? current : []), { type, text }].slice(-MAX_WAITING));
}
