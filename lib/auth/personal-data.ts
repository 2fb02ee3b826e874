import type { SessionStore } from "../session/store";
import type { ValueCodec } from "../session/codec";
import { publicUser, type PublicUser, type UserStore } from "./users";

/** Everything cartsession stores about one customer id (GDPR access request). */
export interface PersonalDataExport {
  customerId: string;
  exportedAt: string;
  account: PublicUser | null;
  session: { expiresAt: string; lastActivity: string | null; data: Record<string, unknown> } | null;
}

export async function exportPersonalData(
  customerId: string,
  deps: { sessions: SessionStore; users: UserStore | null; codec: ValueCodec; now: number },
): Promise<PersonalDataExport> {
  const row = await deps.sessions.load(customerId);
  const user = deps.users ? await deps.users.findById(customerId) : null;
  return {
    customerId,
    exportedAt: new Date(deps.now * 1000).toISOString(),
    account: user ? publicUser(user) : null,
    session: row
      ? { expiresAt: new Date(row.expiry * 1000).toISOString(), lastActivity: null, data: deps.codec.decode(row.value, customerId) }
      : null,
  };
}

/**
 * Erases what is stored for a customer id (GDPR erasure): the session row, and for a
 * customer the account too (erasing a user erases their session). Returns what went.
 */
export async function erasePersonalData(
  customerId: string,
  deps: { sessions: SessionStore; users: UserStore | null },
): Promise<{ session: boolean; account: boolean }> {
  const session = await deps.sessions.delete(customerId);
  const account = deps.users ? await deps.users.delete(customerId) : false;
  return { session, account };
}
