import { userStoreFor } from "../../../db/client";
import { erasePersonalData } from "../../../lib/auth/personal-data";
import { isGuestKey } from "../../../lib/session/keys";
import { sessionKey } from "../args";
import { CommandFailed, defineCommand, emit } from "../command";

export const eraseCommand = defineCommand({
  name: "erase",
  usage: "erase <key>",
  summary: "Erase everything stored for a customer id: the session, and for a customer the account (GDPR erasure)",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    const users = isGuestKey(key) ? null : await userStoreFor(context.store);
    const erased = await erasePersonalData(key, { sessions: context.store, users });
    if (!erased.session && !erased.account) throw new CommandFailed(`Nothing is stored for ${key}.`);
    emit(context, { key, ...erased }, (e) =>
      [`Erased ${key}:`, `  session: ${e.session ? "deleted" : "none stored"}`, ...(users ? [`  account: ${e.account ? "deleted" : "none"}`] : [])].join("\n"),
    );
  },
});
