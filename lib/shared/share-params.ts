import * as z from "zod/mini";

/** A share link's path: its token and, for media, the output's id. Anything else cannot name a link. */
export const shareTokenParams = z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)) });
export const shareMediaParams = z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)), taskId: z.uuid() });
