import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SHIPPING_METHODS, validateContact } from "@/lib/checkout/fields";
import { itemCount } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";
import { Notices } from "@/app/_components/notices";
import { saveShipping } from "../actions";
import { CheckoutSteps } from "../_components/checkout-steps";
import { EmptyCartNotice } from "../_components/empty-cart-notice";
import { Field } from "../_components/field";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout: shipping" };

export default async function ShippingStepPage() {
  const session = await getSession<ShopSession>();
  if (itemCount(session.get("cart")) === 0) return <EmptyCartNotice />;
  const draft = session.get("checkout", {});
  // Step 2 needs a valid step 1; skipping ahead lands back on it.
  if (!validateContact(draft.contact).ok) redirect("/checkout");
  const saved = draft.shipping ?? {};
  const failed = await session.take("checkoutErrors");
  const errors = failed?.step === "shipping" ? failed.errors : {};
  return (
    <>
      <Notices />
      <h1>Checkout</h1>
      <CheckoutSteps current={1} />
      <form action={saveShipping} className="card checkout-form" noValidate>
        {Object.keys(errors).length > 0 ? (
          <p className="form-error" role="alert">
            Please correct the fields marked below.
          </p>
        ) : null}
        <fieldset aria-describedby={errors.method ? "method-error" : undefined}>
          <legend>Shipping method</legend>
          {SHIPPING_METHODS.map((method) => (
            <label key={method.id} className="radio">
              <input type="radio" name="method" value={method.id} defaultChecked={saved.method === method.id} />
              {method.name}: {method.priceCents === 0 ? "free" : formatMoney(method.priceCents, "USD")}
            </label>
          ))}
          {errors.method ? (
            <p id="method-error" className="field-error">
              {errors.method}
            </p>
          ) : null}
        </fieldset>
        <Field id="notes" label="Delivery notes (optional)" error={errors.notes}>
          {(a11y) => <textarea {...a11y} name="notes" rows={4} maxLength={500} defaultValue={saved.notes ?? ""} />}
        </Field>
        {/* "Review order" comes first so Enter continues; CSS shows "Back" on the left. */}
        <div className="form-actions split">
          <button type="submit" name="intent" value="continue">
            Review order
          </button>
          <button type="submit" name="intent" value="back" className="secondary">
            Back
          </button>
        </div>
      </form>
    </>
  );
}
