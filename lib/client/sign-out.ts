"use client";

/**
 * Ends the session through next-auth's REST endpoints (a CSRF token, then POST /api/auth/signout):
 * what `signOut` from next-auth/react does, without loading that client on every page.
 */
let signingOut = false;

/** True from the moment sign-out starts: a 401 then means "signed out", not "send me back here". */
export const isSigningOut = () => signingOut;

export async function signOutOfCutroom(): Promise<void> {
  signingOut = true;
  try {
    await endSession();
  } catch (error) {
    signingOut = false;
    throw error;
  }
}

async function endSession(): Promise<void> {
  const { csrfToken } = (await fetch("/api/auth/csrf", { credentials: "same-origin" }).then((response) => response.json())) as {
    csrfToken: string;
  };
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  if (!response.ok) throw new Error(`sign-out failed with HTTP ${response.status}`);
}
