"use client";

import { useState, useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * "Copy link" beside a read-only field: copies the field's value and says so in a live
 * region. Rendered only once JavaScript runs; without it the field itself (focused and
 * selected on arrival) is what the admin copies from.
 */
export function CopyButton({ target, label, children = "Copy link" }: { target: string; label?: string; children?: string }) {
  const hydrated = useSyncExternalStore(subscribe, () => true, () => false);
  const [said, setSaid] = useState("");
  if (!hydrated) return null;
  const copy = async () => {
    const field = document.getElementById(target) as HTMLInputElement | null;
    if (!field) return;
    try {
      await navigator.clipboard.writeText(field.value);
      setSaid("Copied to the clipboard.");
    } catch {
      // No clipboard access (an insecure origin, a refused permission): leave it selected.
      field.focus();
      field.select();
      setSaid("The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  };
  return (
    <span className="copy-button">
      <button type="button" className="button-secondary button-small" onClick={copy} aria-label={label}>
        {children}
      </button>
      <span role="status" className="hint">
        {said}
      </span>
    </span>
  );
}
