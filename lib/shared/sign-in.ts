// What the credentials sign-in answers, as next-auth passes it to the form: the `error` of the URL
// it returns. A refusal for too many attempts carries the seconds to wait ("TooManyAttempts:540").

export const SIGN_IN_DISABLED = "AccountDisabled";
export const SIGN_IN_TOO_MANY = "TooManyAttempts";

export function tooManyAttemptsError(retryAfterSeconds: number): string {
  return `${SIGN_IN_TOO_MANY}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The form's message for a sign-in error code (the same words for an unknown email and a wrong password). */
export function signInProblem(error: string | null | undefined): string {
  if (error === SIGN_IN_DISABLED) return "This account is disabled. Ask an admin to enable it again.";
  if (error?.startsWith(`${SIGN_IN_TOO_MANY}:`) || error === SIGN_IN_TOO_MANY) {
    const seconds = Number(error.split(":")[1]);
    const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : null;
    return minutes
      ? `Too many attempts. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`
      : "Too many attempts. Wait a few minutes and try again.";
  }
  return "Incorrect email or password.";
}
