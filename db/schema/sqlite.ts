import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** DESIGN.md section 4, plus created/updated times for listings and abandoned-cart views. */
export const sessions = sqliteTable(
  "sessions",
  {
    sessionId: integer("session_id").primaryKey({ autoIncrement: true }),
    sessionKey: text("session_key", { length: 32 }).notNull().unique(),
    sessionValue: text("session_value").notNull(),
    sessionExpiry: integer("session_expiry").notNull(),
    sessionVersion: integer("session_version").notNull().default(1),
    sessionCreated: integer("session_created").notNull(),
    sessionUpdated: integer("session_updated").notNull(),
  },
  (table) => [index("sessions_expiry_idx").on(table.sessionExpiry), index("sessions_updated_idx").on(table.sessionUpdated)],
);
