import type { Metadata } from "next";
import { getSession } from "@/lib/sessions";
import { saveNote } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your session", robots: { index: false } };

/** A developer's view of the visitor's session (linked from the footer and the account page). */
export default async function SessionPage() {
  const session = await getSession<{ note: string }>();
  const expiresAt = new Date(session.getExpiration() * 1000);
  return (
    <div className="narrow">
      <section className="card" aria-labelledby="session-heading">
        <h1 id="session-heading">Your session</h1>
        <p className="muted">What the cartsession engine knows about this browser. Nothing here is needed to shop.</p>
        <dl className="facts">
          <dt>Customer id</dt>
          <dd data-testid="customer-id">{session.getCustomerId()}</dd>
          <dt>Kind</dt>
          <dd>{session.isGuest() ? "guest" : "customer"}</dd>
          <dt>Expires</dt>
          <dd>
            <time dateTime={expiresAt.toISOString()}>{expiresAt.toUTCString()}</time>
          </dd>
          <dt>Stored session</dt>
          <dd data-testid="has-session">{session.hasSession() ? "yes" : "not yet (nothing stored)"}</dd>
          <dt>Note</dt>
          <dd data-testid="note">{session.get("note", "(none)")}</dd>
        </dl>
        <form action={saveNote} className="stack">
          <div className="field">
            <label htmlFor="note">Keep a note in your session</label>
            <input id="note" name="note" maxLength={200} defaultValue={session.get("note", "")} />
          </div>
          <div className="actions">
            <SubmitButton>Save note</SubmitButton>
            <a href="/api/session">
              The same as JSON
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}
