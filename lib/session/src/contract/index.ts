/**
 * `cartsession/contract`: the store contract suite, for adapter authors (the one entry that
 * imports vitest). Every store in this package runs it; run it against yours:
 *
 *   import { describeStoreContract } from "cartsession/contract";
 *   describeStoreContract("my store", { open: async () => myStore(), close: async (s) => s.close?.() });
 */
export { describeStoreContract } from "../testing/contract.js";
export type { StoreContractSubject } from "../testing/contract.js";
