import Link from "next/link";

const STEPS = [
  { href: "/checkout", label: "Contact and address" },
  { href: "/checkout/shipping", label: "Shipping" },
  { href: "/checkout/review", label: "Review" },
] as const;

/** The progress list at the top of every checkout step; done steps link back. */
export function CheckoutSteps({ current }: { current: 0 | 1 | 2 }) {
  return (
    <nav aria-label="Checkout steps">
      <ol className="checkout-steps">
        {STEPS.map((step, i) => (
          <li key={step.href} className={i === current ? "current" : i < current ? "done" : undefined}>
            {i < current ? (
              <Link href={step.href}>
                {step.label}
                <span className="visually-hidden"> (done)</span>
              </Link>
            ) : (
              <span aria-current={i === current ? "step" : undefined}>{step.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
