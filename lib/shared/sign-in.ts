// What the credentials sign-in answers, as next-auth passes it to the form: the `error` of the URL
// it returns. A refusal for too many attempts carries the seconds to wait ("TooManyAttempts:540").

export const SIGN_IN_DISABLED = "AccountDisabled";
export const SIGN_IN_TOO_MANY = "TooManyAttempts";
/** The password was right, but this account signs in with single sign-on (PASSWORD_SIGN_IN=admins). */
export const SIGN_IN_PASSWORD_OFF = "PasswordSignInOff";

/** Why a single sign-on did not let someone in, as the sign-in page's `?error=`. */
export type SsoRefusal = "SsoUnverified" | "SsoDomain" | "SsoLinked" | "SsoDisabled";

const SSO_PROBLEMS: Record<SsoRefusal, string> = {
  SsoUnverified: "Your identity provider did not confirm an email address for you, so Cutroom cannot tell who you are.",
  SsoDomain: "Your email address is not on a domain this team signs in with. Ask an admin.",
  SsoLinked: "Your email address belongs to a Cutroom account linked to another identity. Ask an admin.",
  SsoDisabled: "This account is disabled. Ask an admin to enable it again.",
};

/**
 * The sign-in page's message for an `?error=` it was sent back with: Cutroom's own refusals, or
 * next-auth's codes for a sign-on that failed on the way (provider unreachable, state mismatch,
 * the person cancelling at the provider). Null for anything else, which is not shown.
 */
export function ssoProblem(error: string | null | undefined): string | null {
  if (!error) return null;
  if (Object.hasOwn(SSO_PROBLEMS, error)) return SSO_PROBLEMS[error as SsoRefusal];
  if (error === "AccessDenied") return "Sign-in was cancelled.";
  if (["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "Callback", "Configuration"].includes(error)) {
    return "Single sign-on did not complete. Try again, or ask an admin if it keeps failing.";
  }
  return null;
}

export function tooManyAttemptsError(retryAfterSeconds: number): string {
  return `${SIGN_IN_TOO_MANY}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The form's message for a sign-in error code (the same words for an unknown email and a wrong password). */
export function signInProblem(error: string | null | undefined): string {
  if (error === SIGN_IN_DISABLED) return "This account is disabled. Ask an admin to enable it again.";
  if (error === SIGN_IN_PASSWORD_OFF) return "This team signs in with single sign-on: use the button above.";
  if (error?.startsWith(`${SIGN_IN_TOO_MANY}:`) || error === SIGN_IN_TOO_MANY) {
    const seconds = Number(error.split(":")[1]);
    const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : null;
    return minutes
      ? `Too many attempts. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`
      : "Too many attempts. Wait a few minutes and try again.";
  }
  return "Incorrect email or password.";
}
