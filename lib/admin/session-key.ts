/**
 * Whether a URL segment or form field can be a session key: `t_` (guest) or `c_` (customer)
 * and 30 lowercase hex characters (README, "Keys"). Checked before any lookup, so a
 * malformed key is a redirect, never a query.
 */
export const isSessionKey = (value: unknown): value is string => typeof value === "string" && /^[tc]_[0-9a-f]{30}$/.test(value);
