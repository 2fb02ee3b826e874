"use client";

import { useEffect, useRef, type HTMLAttributes, type InputHTMLAttributes, type ReactNode } from "react";

/**
 * The store's only client components, and why they exist: after a form's server action
 * the page is re-rendered in place, and keyboard and screen-reader users would otherwise
 * be left at the top of the document. This element takes focus when it appears, so they
 * land on the message (or error summary) the action produced.
 *
 * Without JavaScript the same element carries `autofocus`, which the browser honours on the
 * full page load that follows every form post. Give it a new `key` for each render that
 * should move focus again.
 */
export function FocusOnArrival({ as = "div", children, ...rest }: { as?: "div" | "p"; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  const paragraph = useRef<HTMLParagraphElement>(null);
  const division = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After the router's own scroll handling (a layout effect), so the element ends up in view.
    (paragraph.current ?? division.current)?.focus();
  }, []);
  return as === "p" ? (
    <p {...rest} ref={paragraph} tabIndex={-1} autoFocus>
      {children}
    </p>
  ) : (
    <div {...rest} ref={division} tabIndex={-1} autoFocus>
      {children}
    </div>
  );
}

/**
 * A read-only text field that takes focus the same way, for a value to copy (the restore
 * link the admin just created). React's own `autoFocus` would focus it before the router
 * scrolls the page back to the top, leaving the focused field off-screen.
 */
export function FocusedReadOnlyField(props: InputHTMLAttributes<HTMLInputElement> & { value: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const field = input.current;
    if (!field) return;
    field.focus({ preventScroll: true });
    field.select();
    // The field and what sits under it (a "Copy link" button, a note) in the middle of the screen.
    (field.parentElement ?? field).scrollIntoView({ block: "center" });
  }, []);
  return <input {...props} ref={input} readOnly autoFocus />;
}
