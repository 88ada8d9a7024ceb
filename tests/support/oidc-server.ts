import http from "node:http";
import type net from "node:net";
import Provider from "oidc-provider";

// A real OpenID Connect provider on a loopback port (oidc-provider, from the npm registry), for
// the single sign-on tests: discovery, the authorization-code flow with PKCE, signed ID tokens,
// userinfo. Its built-in development login page accepts any password for the account names below;
// the ID token carries only the subject, as many providers' do, so the email comes from userinfo.

export type OidcAccount = { email: string; email_verified: boolean; name: string };

export type OidcServerFixture = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Record<string, OidcAccount>;
  close: () => Promise<void>;
};

export async function startOidcServer(options: { port: number; redirectUri: string; accounts: Record<string, OidcAccount> }) {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = "cutroom";
  const clientSecret = "cutroom-test-client-secret-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["cutroom-test-oidc-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    issuer: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    accounts: options.accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies OidcServerFixture;
}
