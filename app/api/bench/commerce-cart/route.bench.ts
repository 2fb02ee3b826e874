import { cartIdRowPush } from "@/bench/next/peers";

export const dynamic = "force-dynamic";

/** Bench builds only (route.bench.ts): the cart push with a `cartId` cookie and a SQLite row. */
export const POST = cartIdRowPush;
