import { createHash } from "node:crypto";
import { ErrorReply } from "redis";
import type { RedisClient } from "./connection.js";

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent in full only when this Redis has not seen
 * it yet (after a restart or a SCRIPT FLUSH). Redis runs a script as one atomic step: no
 * other command sees it half done.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await client.sendCommand(["EVALSHA", this.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.sendCommand(["EVAL", this.source, ...tail]);
    }
  }
}
