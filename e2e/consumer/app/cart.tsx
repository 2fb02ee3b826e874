import { sessions } from "../lib/sessions";

export async function Cart() {
  const session = await sessions.getSession<{ cart: { productId: string; quantity: number }[] }>();
  return (
    <p data-testid="cart">
      {session.isGuest() ? "Guest" : `Customer ${session.getCustomerId()}`}: <output>{session.getCartSummary().items}</output> items
    </p>
  );
}
