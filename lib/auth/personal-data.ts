import type { SessionExport } from "cartsession";
import { publicUser, type PublicUser, type UserStore } from "./users";

/** Everything the demo stores about one customer (GDPR access request): the account and the session. */
export interface PersonalDataExport {
  customerId: string;
  exportedAt: string;
  account: PublicUser | null;
  session: SessionExport | null;
}

export async function exportPersonalData(
  customerId: string,
  deps: { exportSession(owner: { customerId: string }): Promise<SessionExport | null>; users: UserStore; now: number },
): Promise<PersonalDataExport> {
  const [session, user] = await Promise.all([deps.exportSession({ customerId }), deps.users.findById(customerId)]);
  return { customerId, exportedAt: new Date(deps.now * 1000).toISOString(), account: user ? publicUser(user) : null, session };
}
