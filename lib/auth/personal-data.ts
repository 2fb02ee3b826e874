import type { CartLine } from "cartsession";
import type { SessionExport } from "cartsession/next";
import { publicUser, type PublicUser, type UserStore } from "./users";

/** A cart restore link as the customer's data export shows it: never the link itself. */
export interface RestoreLinkExport {
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  lines: CartLine[];
}

/** Everything the demo stores about one customer (GDPR access request): the account, the session, restore links of their cart. */
export interface PersonalDataExport {
  customerId: string;
  exportedAt: string;
  account: PublicUser | null;
  session: SessionExport | null;
  restoreLinks: RestoreLinkExport[];
}

export async function exportPersonalData(
  customerId: string,
  deps: {
    exportSession(owner: { customerId: string }): Promise<SessionExport | null>;
    users: UserStore;
    links: { exportFor(customerId: string): Promise<RestoreLinkExport[]> };
    now: number;
  },
): Promise<PersonalDataExport> {
  const [session, user, restoreLinks] = await Promise.all([deps.exportSession({ customerId }), deps.users.findById(customerId), deps.links.exportFor(customerId)]);
  return { customerId, exportedAt: new Date(deps.now * 1000).toISOString(), account: user ? publicUser(user) : null, session, restoreLinks };
}

/** What an erasure deleted. */
export interface ErasureReport {
  account: boolean;
  session: boolean;
  restoreLinks: number;
}

/**
 * GDPR erasure of a customer: the restore links of their cart (by customer, and by the
 * session keys given: the cart they are using now), their session on every device, and
 * their account. Links go first and the account last, so an erasure cut short by an outage
 * is finished by running it again.
 */
export async function erasePersonalData(
  customerId: string,
  deps: {
    sessionKeys: readonly string[];
    links: { eraseFor(owner: { customerId: string; sessionKeys: readonly string[] }): Promise<number> };
    eraseSession(owner: { customerId: string }): Promise<boolean>;
    users: UserStore;
  },
): Promise<ErasureReport> {
  const restoreLinks = await deps.links.eraseFor({ customerId, sessionKeys: deps.sessionKeys });
  const session = await deps.eraseSession({ customerId });
  const account = await deps.users.delete(customerId);
  return { account, session, restoreLinks };
}
