/**
 * `cartsession/store`: for store adapter authors and admin tools. The store port (six
 * required methods), its optional capabilities and `supports` to detect them at run time,
 * and the outage error every store reports (`storeUnavailable`, or `reportOutages` to
 * classify a whole store's failures once). Run `describeStoreContract` from
 * `cartsession/contract` against your store.
 */
export { supports } from "./port.js";
export type * from "./port.js";
export { reportOutages, type OutageRules } from "./outage.js";
export { storeUnavailable, outcomeUnknown } from "../errors.js";
