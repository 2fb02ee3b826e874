import { sessions } from "./lib/sessions";

export const proxy = sessions.proxy;

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico).*)"],
};
