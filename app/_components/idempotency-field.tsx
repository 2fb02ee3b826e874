"use client";

import { useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";

function newKey(): string {
  // randomUUID needs a secure context (https or localhost); elsewhere a random string will do.
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The form's idempotency key (cartsession's `IDEMPOTENCY_FIELD`; the action passes its
 * FormData to `withSession(fn, { idempotency: formData })`): one key per submission, kept
 * while it is in flight, so a double submit or a retry of it applies once, and a new key
 * once it has completed, so the next deliberate submit counts. Made in the browser, so a
 * page served from a shared cache never hands two visitors (or two visits) the same key.
 */
export function IdempotencyField({ name }: { name: string }) {
  const [key, setKey] = useState("");
  const { pending } = useFormStatus();
  const wasPending = useRef(false);
  useEffect(() => {
    if (key === "" || (wasPending.current && !pending)) setKey(newKey());
    wasPending.current = pending;
  }, [key, pending]);
  return <input type="hidden" name={name} value={key} />;
}
