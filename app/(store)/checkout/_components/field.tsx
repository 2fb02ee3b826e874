import type { ReactNode } from "react";

/** A labelled form field with its error message tied to the input for screen readers. */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string | undefined; children: (a11y: FieldA11y) => ReactNode }) {
  const errorId = `${id}-error`;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : undefined })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface FieldA11y {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}
