import { userStoreFor } from "../../../db/client";
import { exportPersonalData } from "../../../lib/auth/personal-data";
import { sessionKey } from "../args";
import { CommandFailed, defineCommand } from "../command";

export const exportCommand = defineCommand({
  name: "export",
  usage: "export <key>",
  summary: "Print everything stored for a customer id as JSON (GDPR access request)",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    const data = await exportPersonalData(key, {
      sessions: context.store,
      users: await userStoreFor(context.store),
      codec: context.codec,
      now: context.clock.nowSeconds(),
    });
    if (!data.session && !data.account) throw new CommandFailed(`Nothing is stored for ${key}.`);
    context.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  },
});
