import { cartIdRowPush } from "@/lib/bench/peers";

export const dynamic = "force-dynamic";

/** Benchmark peer: the cart push with a `cartId` cookie and a SQLite row (404 unless CARTSESSION_BENCH=1). */
export const POST = cartIdRowPush;
