"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Starts single sign-on: next-auth sends the browser to the company's identity provider, which
 * sends it back to Cutroom signed in (or to this page with the reason it was refused).
 */
export function SsoButton({ name, next, primary }: { name: string; next: string; primary: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      variant={primary ? "primary" : "secondary"}
      className="w-full"
      busy={busy}
      onClick={() => {
        setBusy(true);
        void signIn("oidc", { callbackUrl: next }).catch(() => setBusy(false));
      }}
    >
      Sign in with {name}
    </Button>
  );
}
