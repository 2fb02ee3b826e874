import { OptionsError } from "../errors.js";

/** The engine's table names under a prefix, so they can live beside an app's own tables. */
export interface TableNames {
  prefix: string;
  sessions: string;
  cleanupRuns: string;
  health: string;
  rateLimits: string;
  migrations: string;
}

const PREFIX = /^[a-z][a-z0-9_]{0,29}$/;

/** Validated and quoted once here, so no other code interpolates anything but these names. */
export function tableNames(prefix = ""): TableNames {
  if (prefix !== "" && !PREFIX.test(prefix)) {
    throw new OptionsError("tablePrefix", `must be lowercase letters, digits and "_", starting with a letter, at most 30 characters; got "${prefix}"`);
  }
  return {
    prefix,
    sessions: `${prefix}sessions`,
    cleanupRuns: `${prefix}session_cleanup_runs`,
    health: `${prefix}cartsession_health`,
    rateLimits: `${prefix}cartsession_rate_limits`,
    migrations: `${prefix}cartsession_migrations`,
  };
}
