/**
 * The demo's wiring for the `cartsession` command (README, "The cartsession command-line
 * tool"): run in this folder, `npx cartsession …` opens the store the demo opens, with its
 * prefix, options and hooks (an erase also deletes the cart's restore links).
 */
export { sessions as default } from "./lib/sessions";
