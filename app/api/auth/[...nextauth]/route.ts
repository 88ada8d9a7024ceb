// GET|POST /api/auth/* - next-auth: sign-in with email and password, sign-out, CSRF token, session
import { authRoute } from "@/lib/server/auth/auth-route";

export const dynamic = "force-dynamic";

export { authRoute as GET, authRoute as POST };
