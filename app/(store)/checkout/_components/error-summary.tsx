import { randomUUID } from "node:crypto";
import { FocusOnArrival } from "@/app/_components/focus-on-arrival";

/**
 * The list of fields to fix after a submit that did not validate, at the top of the form.
 * Focus moves here, and each entry links to its field (the messages themselves stay beside
 * the fields, so they are not read twice).
 */
export function ErrorSummary({ fields }: { fields: { id: string; label: string }[] }) {
  if (fields.length === 0) return null;
  return (
    <FocusOnArrival key={randomUUID()} role="alert" className="error-summary" aria-labelledby="error-summary-heading">
      <h2 id="error-summary-heading">Please correct the fields marked below.</h2>
      <ul>
        {fields.map((field) => (
          <li key={field.id}>
            <a href={`#${field.id}`}>{field.label}</a>
          </li>
        ))}
      </ul>
    </FocusOnArrival>
  );
}
