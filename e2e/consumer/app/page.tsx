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
          Email <input name="email" type="email" defaultValue="ada@example.com" />
        </label>
        <label>
          Password <input name="password" type="password" defaultValue="correct horse battery staple" />
        </label>
        <button type="submit">Log in</button>
      </form>
      <form action={logOut}>
        <button type="submit">Log out</button>
      </form>
    </main>
  );
}
