import type { Metadata } from "next";
import { COUNTRIES } from "@/lib/checkout/fields";
import { itemCount } from "@/lib/cart/model";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";
import { Notices } from "@/app/_components/notices";
import { saveContact } from "./actions";
import { CheckoutSteps } from "./_components/checkout-steps";
import { EmptyCartNotice } from "./_components/empty-cart-notice";
import { Field } from "./_components/field";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout" };

export default async function ContactStepPage() {
  const session = await getSession<ShopSession>();
  if (itemCount(session.get("cart")) === 0) return <EmptyCartNotice />;
  const saved = session.get("checkout", {}).contact ?? {};
  const failed = await session.take("checkoutErrors");
  const errors = failed?.step === "contact" ? failed.errors : {};
  return (
    <>
      <Notices />
      <h1>Checkout</h1>
      <CheckoutSteps current={0} />
      <form action={saveContact} className="card checkout-form" noValidate>
        {Object.keys(errors).length > 0 ? (
          <p className="form-error" role="alert">
            Please correct the fields marked below.
          </p>
        ) : null}
        <fieldset>
          <legend>Contact</legend>
          <Field id="email" label="Email" error={errors.email}>
            {(a11y) => <input {...a11y} name="email" type="email" autoComplete="email" defaultValue={saved.email ?? ""} />}
          </Field>
          <Field id="fullName" label="Full name" error={errors.fullName}>
            {(a11y) => <input {...a11y} name="fullName" autoComplete="name" defaultValue={saved.fullName ?? ""} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Address</legend>
          <Field id="address" label="Street address" error={errors.address}>
            {(a11y) => <input {...a11y} name="address" autoComplete="street-address" defaultValue={saved.address ?? ""} />}
          </Field>
          <div className="field-row">
            <Field id="city" label="City" error={errors.city}>
              {(a11y) => <input {...a11y} name="city" autoComplete="address-level2" defaultValue={saved.city ?? ""} />}
            </Field>
            <Field id="postcode" label="Postcode" error={errors.postcode}>
              {(a11y) => <input {...a11y} name="postcode" autoComplete="postal-code" defaultValue={saved.postcode ?? ""} />}
            </Field>
          </div>
          <Field id="country" label="Country" error={errors.country}>
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
          <button type="submit">Continue to shipping</button>
        </div>
      </form>
    </>
  );
}
