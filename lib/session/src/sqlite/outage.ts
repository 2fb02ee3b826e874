import { errorCode } from "../store/outage.js";

/**
 * better-sqlite3 failures that mean "the database cannot be used right now" (a file that
 * cannot be opened, is locked past the busy timeout, read-only, full, corrupt or gone) or a
 * connection already closed, as opposed to a bad statement (a bug).
 */
export function isSqliteOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /^(SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|READONLY|FULL|PROTOCOL|NOTADB|CORRUPT)|EACCES|EROFS|ENOSPC|ENOENT|EPERM)/.test(errorCode(error)) ||
    /unable to open|readonly|disk (I\/O|image)|database connection is not open/i.test(error.message)
  );
}
