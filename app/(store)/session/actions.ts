"use server";

import { revalidatePath } from "next/cache";
import { withSession } from "@/lib/sessions";

type NoteSession = { note: string };

/** Stores a short note in the visitor's session (the session page's demo of a write). */
export async function saveNote(formData: FormData): Promise<void> {
  const note = String(formData.get("note") ?? "").slice(0, 200).trim();
  await withSession<void, NoteSession>((session) => {
    session.set("note", note === "" ? null : note);
  });
  revalidatePath("/session");
}
