"use client";

import { useEffect, useRef, type ButtonHTMLAttributes } from "react";
import { useFormStatus } from "react-dom";

/**
 * A form's submit button with a pending state: while its form's action runs the button is
 * disabled and `aria-busy`, and says `pendingLabel` if given. A second click, or a second
 * Enter, before the first submission is answered is dropped here, even before React has
 * re-rendered the button as disabled (a double click on "Add to cart" adds one unit).
 *
 * Without JavaScript it is an ordinary submit button (the form posts and the page reloads).
 */
export function SubmitButton({ children, pendingLabel, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { pendingLabel?: string }) {
  const { pending } = useFormStatus();
  const button = useRef<HTMLButtonElement>(null);
  const inFlight = useRef(false);
  useEffect(() => {
    const form = button.current?.form;
    if (!form) return;
    const guard = (event: SubmitEvent) => {
      if (inFlight.current) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      inFlight.current = true;
      // After the event has reached every listener: a server action (React prevents the
      // native post) clears the flag when it settles (below); a native post, such as a GET
      // filter form, navigates away, so the flag is cleared at once.
      setTimeout(() => {
        if (!event.defaultPrevented) inFlight.current = false;
      }, 0);
    };
    form.addEventListener("submit", guard);
    return () => form.removeEventListener("submit", guard);
  }, []);
  useEffect(() => {
    if (!pending) inFlight.current = false;
  }, [pending]);
  return (
    <button type="submit" {...rest} ref={button} disabled={pending || rest.disabled} aria-busy={pending || undefined}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
