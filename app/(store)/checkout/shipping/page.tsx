import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SHIPPING_METHODS, shippingMethod, validateContact } from "@/lib/checkout/fields";
import { formatMoney } from "@/lib/cart/money";
import { catalog } from "@/lib/shop";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession, pageOrUnavailable } from "@/lib/sessions";
import { saveShipping } from "../actions";
import { CheckoutFrame } from "../_components/checkout-frame";
import { EmptyCartNotice } from "../_components/empty-cart-notice";
import { ErrorSummary } from "../_components/error-summary";
import { Field } from "../_components/field";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout: shipping" };

async function ShippingStepPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), catalog);
  if (cart.items.length === 0) return <EmptyCartNotice />;
  const draft = session.get("checkout", {});
  // Step 2 needs a valid step 1; skipping ahead lands back on it.
  if (!validateContact(draft.contact).ok) redirect("/checkout");
  const saved = draft.shipping ?? {};
  const failed = await session.take("checkoutErrors");
  const errors = failed?.step === "shipping" ? failed.errors : {};
  const chosen = shippingMethod(saved.method ?? "");
  const firstMethodId = `method-${SHIPPING_METHODS[0].id}`;
  const invalid = [
    ...(errors.method ? [{ id: firstMethodId, label: "Shipping method" }] : []),
    ...(errors.notes ? [{ id: "notes", label: "Delivery notes" }] : []),
  ];
  return (
    <CheckoutFrame step={1} cart={cart} shipping={chosen ? { name: chosen.name, cents: chosen.priceCents } : { pending: "Choose a method" }}>
      <form action={saveShipping} className="card checkout-form" noValidate>
        <ErrorSummary fields={invalid} />
        <fieldset aria-describedby={errors.method ? "method-error" : undefined}>
          <legend>Shipping method</legend>
          <div className="choices">
            {SHIPPING_METHODS.map((method) => (
              <label key={method.id} className="choice">
                <input type="radio" id={`method-${method.id}`} name="method" value={method.id} defaultChecked={saved.method === method.id} />
                <span>{method.name}</span>
                <span className="choice-price">{method.priceCents === 0 ? "free" : formatMoney(method.priceCents, cart.currency)}</span>
              </label>
            ))}
          </div>
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
          <SubmitButton name="intent" value="continue">
            Review order
          </SubmitButton>
          <SubmitButton name="intent" value="back" className="button-secondary">
            Back
          </SubmitButton>
        </div>
      </form>
    </CheckoutFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(ShippingStepPage);
