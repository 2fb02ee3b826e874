import { Suspense } from "react";
import { addToCart, logIn, logOut } from "./actions";
import { Cart } from "./cart";

export default function Home() {
  return (
    <main>
      <h1>A shop that installed cartsession</h1>
      <Suspense fallback={<p>Loading your cart…</p>}>
        <Cart />
      </Suspense>
      <form action={addToCart}>
        <input type="hidden" name="productId" value="mug" />
        <button type="submit">Add a mug</button>
      </form>
      <form action={logIn}>
        <label>
          User id <input name="userId" defaultValue="6f1c2b9e-8a4d-4c1e-9b7a-2d3e4f5a6b7c" />
        </label>
        <button type="submit">Log in</button>
      </form>
      <form action={logOut}>
        <button type="submit">Log out</button>
      </form>
    </main>
  );
}
