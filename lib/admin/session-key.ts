/**
 * Whether a URL segment or form field can be a session key: `t_` (guest) or `c_` (customer)
 * and 30 lowercase hex characters (lib/session/README.md, "The `cartsession` command-line
 * tool"). Checked before any lookup, so a
 * malformed key is a redirect, never a query.
 */
export const isSessionKey = (value: unknown): value is string => typeof value === "string" && /^[tc]_[0-9a-f]{30}$/.test(value);
