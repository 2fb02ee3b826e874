import type { Metadata } from "next";
import { COUNTRIES } from "@/lib/checkout/fields";
import { catalog } from "@/lib/shop";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession, pageOrUnavailable } from "@/lib/sessions";
import { saveContact } from "./actions";
import { CheckoutFrame } from "./_components/checkout-frame";
import { EmptyCartNotice } from "./_components/empty-cart-notice";
import { ErrorSummary } from "./_components/error-summary";
import { Field } from "./_components/field";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout" };

const LABELS = { email: "Email", fullName: "Full name", address: "Street address", city: "City", postcode: "Postcode", country: "Country" } as const;

async function ContactStepPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), catalog);
  if (cart.items.length === 0) return <EmptyCartNotice />;
  const saved = session.get("checkout", {}).contact ?? {};
  const failed = await session.take("checkoutErrors");
  const errors = failed?.step === "contact" ? failed.errors : {};
  const invalid = (Object.keys(LABELS) as (keyof typeof LABELS)[]).filter((id) => errors[id]).map((id) => ({ id, label: LABELS[id] }));
  return (
    <CheckoutFrame step={0} cart={cart} shipping={{ pending: "Chosen at the next step" }}>
      <form action={saveContact} className="card checkout-form" noValidate>
        <ErrorSummary fields={invalid} />
        <fieldset>
          <legend>Contact</legend>
          <Field id="email" label={LABELS.email} error={errors.email}>
            {(a11y) => <input {...a11y} name="email" type="email" autoComplete="email" defaultValue={saved.email ?? ""} />}
          </Field>
          <Field id="fullName" label={LABELS.fullName} error={errors.fullName}>
            {(a11y) => <input {...a11y} name="fullName" autoComplete="name" defaultValue={saved.fullName ?? ""} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Delivery address</legend>
          <Field id="address" label={LABELS.address} error={errors.address}>
            {(a11y) => <input {...a11y} name="address" autoComplete="street-address" defaultValue={saved.address ?? ""} />}
          </Field>
          <div className="field-row">
            <Field id="city" label={LABELS.city} error={errors.city}>
              {(a11y) => <input {...a11y} name="city" autoComplete="address-level2" defaultValue={saved.city ?? ""} />}
            </Field>
            <Field id="postcode" label={LABELS.postcode} error={errors.postcode}>
              {(a11y) => <input {...a11y} name="postcode" autoComplete="postal-code" defaultValue={saved.postcode ?? ""} />}
            </Field>
          </div>
          <Field id="country" label={LABELS.country} error={errors.country}>
            {(a11y) => (
              <select {...a11y} name="country" autoComplete="country" defaultValue={saved.country ?? ""}>
                <option value="">Choose a country</option>
                {COUNTRIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <div className="form-actions">
          <SubmitButton>Continue to shipping</SubmitButton>
        </div>
      </form>
    </CheckoutFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(ContactStepPage);
