import type { ReactNode } from "react";
import { Notices } from "@/app/_components/notices";
import { OrderSummary } from "@/app/_components/order-summary";
import type { CartView } from "@/lib/cart/view";
import { CheckoutSteps } from "./checkout-steps";

/** A checkout step: notices, heading and progress, the step's form, and the order summary beside it. */
export function CheckoutFrame({
  step,
  cart,
  shipping,
  summaryExtra,
  totalTestId,
  children,
}: {
  step: 0 | 1 | 2;
  cart: CartView;
  shipping: { name: string; cents: number } | { pending: string };
  summaryExtra?: ReactNode;
  totalTestId?: string;
  children: ReactNode;
}) {
  return (
    <>
      <Notices />
      <h1>Checkout</h1>
      <CheckoutSteps current={step} />
      <div className="with-summary">
        <div className="stack">{children}</div>
        <OrderSummary cart={cart} shipping={shipping} totalTestId={totalTestId}>
          {summaryExtra}
        </OrderSummary>
      </div>
    </>
  );
}
