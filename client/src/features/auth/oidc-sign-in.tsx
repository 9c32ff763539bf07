import { useQuery } from '@tanstack/react-query';
import { fetchAuthProviders } from '../../api/auth.api';
import { queryKeys } from '../../api/query-keys';
import { APP_BASE } from '../../routing/paths';

/**
 * Signing in through the server's OpenID provider (ORCID, an institution's
 * IdP): a plain link to the server's start route, which sends the browser to
 * the provider and, once back, sets the session cookie and redirects to `next`.
 */

/** The configured provider (its button label), or null: none, or not known yet. */
export function useOidcProvider(): { label: string } | null {
  const providers = useQuery({
    queryKey: queryKeys.authProviders(),
    queryFn: ({ signal }) => fetchAuthProviders(signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return providers.data?.oidc ?? null;
}

/**
 * The start route for a return to `appPath` (a path inside the workspace, as
 * in paths.ts) and, optionally, an invitation to accept on the way.
 */
export function oidcStartUrl(appPath: string, invitation?: string): string {
  const query = new URLSearchParams({ next: `${APP_BASE}${appPath === '/' ? '/' : appPath}` });
  if (invitation) query.set('invitation', invitation);
  return `/api/auth/oidc/start?${query}`;
}

export function OidcSignInLink({ href, text }: { href: string; text: string }) {
  return (
    <a className="button oidc-sign-in" data-testid="oidc-sign-in" href={href}>
      {text}
    </a>
  );
}
