/** The demo's forms are small: a page or Server Action body is at most this (next.config.mjs caps Next's own buffering at 64 KiB too). */
export const MAX_PAGE_BODY_BYTES = 64 * 1024;
