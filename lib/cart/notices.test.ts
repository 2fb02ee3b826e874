import { describe, expect, it } from "vitest";
import { addNotice, type Notice, type NoticeSession } from "./notices";

/** Just enough of a session: `update` applied at once, as Session.update does locally. */
function fakeSession(initial?: Notice[]): NoticeSession & { notices: Notice[] | undefined } {
  return {
    notices: initial,
    update(_key, fn) {
      this.notices = fn(this.notices) ?? undefined;
    },
  };
}

describe("addNotice", () => {
  it("queues notices in the order they were added", () => {
    const session = fakeSession();
    addNotice(session, "success", "Added a mug.");
    addNotice(session, "error", "That product is gone.");
    expect(session.notices).toEqual([
      { type: "success", text: "Added a mug." },
      { type: "error", text: "That product is gone." },
    ]);
  });

  it("keeps only the latest ten waiting", () => {
    const session = fakeSession();
    for (let i = 0; i < 15; i++) addNotice(session, "info", `notice ${i}`);
    expect(session.notices).toHaveLength(10);
    expect(session.notices?.[0]?.text).toBe("notice 5");
  });
});
