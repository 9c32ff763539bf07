import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthProvidersDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { InvitationsService } from '../invitations/invitations.service';
import { UsersRepository } from '../users/users.repository';
import { AuthService } from './auth.service';
import { OidcFlowsRepository } from './oidc-flows.repository';
import { type OidcIdentity, OidcIdentitiesRepository } from './oidc-identities.repository';
import { OidcIssuer } from './oidc-issuer';
import { displayNameOf, type IdentityClaims, placeholderEmail, safeNextPath, verifiedEmailOf } from './oidc.policy';
import { hashToken, newSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';
import { PeopleAuditRepository } from '../users/people-audit.repository';

/** A sign-in must come back from the provider within this: the flow's row and cookie expire then. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;
/** Invitation tokens are base64url; anything else in `invitation` names none and is dropped. */
const INVITATION_TOKEN = /^[A-Za-z0-9_-]{10,128}$/;

export interface OidcStartQuery {
  next?: unknown;
  invitation?: unknown;
}

export interface OidcCallbackResult {
  /** A new session (set it as the cookie); null when a signed-in user linked the identity and keeps their session. */
  sessionToken: string | null;
  /** Where the browser goes: the flow's `next`. */
  redirectTo: string;
  /** The invitation carried through the flow could not be accepted: the user is signed in, the page says why. */
  invitationError: DomainError | null;
}

/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce;
 * openid-client). `start` records the flow and sends the browser to the
 * provider; `callback` checks the answer, finds or creates the account linked
 * to `(issuer, sub)`, starts a session and accepts the invitation the flow
 * carried. Accounts are never linked by email: a provider's email, even a
 * verified one, that belongs to an existing account is refused (email_taken),
 * since taking it on trust would hand that account to whoever controls the
 * provider's record; its owner links by starting the flow while signed in.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OidcSignIn');
  private readonly issuer: OidcIssuer | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flows: OidcFlowsRepository,
    private readonly identities: OidcIdentitiesRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly auth: AuthService,
    private readonly invitations: InvitationsService,
    private readonly audit: PeopleAuditRepository,
  ) {
    this.issuer = config.oidc ? new OidcIssuer(config.oidc) : null;
  }

  providers(): AuthProvidersDto {
    return { oidc: this.config.oidc ? { label: this.config.oidc.label } : null };
  }

  /** The provider's label, for pages; null when not configured. */
  get label(): string | null {
    return this.config.oidc?.label ?? null;
  }

  /**
   * Records a flow and returns the provider's authorization URL and the flow
   * cookie's value. `origin`: this site as the browser reached it, for the
   * redirect URL when OIDC_REDIRECT_URL is unset. A signed-in caller links the
   * identity to their account instead of signing in.
   */
  async start(actor: Actor | null, query: OidcStartQuery, origin: string): Promise<{ authorizationUrl: string; flowId: string }> {
    const issuer = this.requireIssuer();
    const { lib, config } = await issuer.discovered();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const codeVerifier = lib.randomPKCECodeVerifier();
    const redirectUri = issuer.settings.redirectUrl ?? `${origin}/api/auth/oidc/callback`;
    const invitationToken = typeof query.invitation === 'string' && INVITATION_TOKEN.test(query.invitation) ? query.invitation : null;
    const flowId = newSessionToken();
    await this.flows.insert(
      hashToken(flowId),
      { state, nonce, codeVerifier, redirectUri, nextPath: safeNextPath(query.next), invitationToken, linkUserId: actor?.id ?? null },
      new Date(Date.now() + OIDC_FLOW_TTL_MS),
    );
    // ORCID offers the `openid` scope only, and a provider may refuse scopes it does not list.
    const offered = config.serverMetadata().scopes_supported;
    const scope = ['openid', ...['profile', 'email'].filter((s) => !offered || offered.includes(s))].join(' ');
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      state,
      nonce,
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: url.href, flowId };
  }

  /**
   * Completes the flow of this browser (`flowId`: its flow cookie) with the
   * provider's answer (`search`: the callback's query string). Every failure is
   * a DomainError (oidc_sign_in_failed, email_taken, oidc_identity_taken,
   * forbidden), thrown before any session exists.
   */
  async callback(actor: Actor | null, flowId: string | null, search: URLSearchParams): Promise<OidcCallbackResult> {
    const issuer = this.requireIssuer();
    const flow = flowId ? await this.flows.take(hashToken(flowId)) : null;
    if (!flow) throw failed('this browser has no sign-in in progress here (it was finished already, took too long or started elsewhere)');
    if (search.get('state') !== flow.state) throw failed('the answer does not belong to the sign-in this browser started (state mismatch)');
    const { lib, config } = await issuer.discovered();
    const currentUrl = new URL(flow.redirectUri);
    currentUrl.search = search.toString();
    let claims: IdentityClaims & { iss: string };
    let accessToken: string;
    try {
      const tokens = await lib.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw failed('the provider sent no ID token');
      claims = idToken as IdentityClaims & { iss: string };
      accessToken = tokens.access_token;
    } catch (err) {
      throw err instanceof DomainError ? err : failed(reasonOf(err));
    }
    claims = { ...(await this.userinfo(lib, config, accessToken, claims.sub)), ...claims };
    const identity: OidcIdentity = { issuer: claims.iss, subject: claims.sub };

    if (flow.linkUserId) {
      if (actor?.id !== flow.linkUserId) throw failed('you were signed out while linking the account: sign in and start again');
      const owner = await this.identities.link(identity, actor.id);
      if (owner !== actor.id) {
        throw new DomainError('oidc_identity_taken', `This ${issuer.settings.label} account is linked to another Knowledge Hub account`);
      }
      await this.audit.recordEvent({ actorId: actor.id, action: 'oidc_identity_linked', subjectUserId: actor.id, details: { issuer: identity.issuer } });
      return { sessionToken: null, redirectTo: flow.nextPath, invitationError: await this.acceptInvitation(actor, flow.invitationToken) };
    }

    let userId = await this.identities.findUserId(identity);
    if (!userId) {
      userId = await this.createAccount(identity, claims, issuer.settings.label);
      await this.audit.recordEvent({ actorId: userId, action: 'oidc_account_created', subjectUserId: userId, details: { issuer: identity.issuer } });
    }
    const account = await this.users.findAccount(userId);
    if (!account || account.disabled) throw new DomainError('forbidden', 'This account is disabled: ask an administrator');
    const sessionToken = newSessionToken();
    await this.sessions.insert(hashToken(sessionToken), userId, new Date(Date.now() + this.config.sessionTtlMs));
    const signedIn = await this.auth.verify(sessionToken);
    if (!signedIn) throw new DomainError('forbidden', 'This account is disabled: ask an administrator'); // disabled meanwhile
    return { sessionToken, redirectTo: flow.nextPath, invitationError: await this.acceptInvitation(signedIn, flow.invitationToken) };
  }

  private requireIssuer(): OidcIssuer {
    if (!this.issuer) throw new DomainError('oidc_not_configured', 'Sign-in through an identity provider is not configured on this server');
    return this.issuer;
  }

  /** The userinfo claims (ORCID puts the names there), or none when the provider has no endpoint or it fails. */
  private async userinfo(
    lib: Awaited<ReturnType<OidcIssuer['lib']>>,
    config: Awaited<ReturnType<OidcIssuer['discovered']>>['config'],
    accessToken: string,
    subject: string,
  ): Promise<Partial<IdentityClaims>> {
    if (!config.serverMetadata().userinfo_endpoint || !accessToken) return {};
    try {
      const { sub: _sub, ...info } = await lib.fetchUserInfo(config, accessToken, subject);
      return info;
    } catch (err) {
      this.logger.warn(`userinfo failed, using the ID token's claims alone: ${err instanceof Error ? err.message : String(err)}`);
      return {};
    }
  }

  /** A first sign-in: a new account without a password, linked to the identity. */
  private async createAccount(identity: OidcIdentity, claims: IdentityClaims, label: string): Promise<string> {
    const name = displayNameOf(claims);
    const email = verifiedEmailOf(claims);
    const emailTaken = () =>
      new DomainError(
        'email_taken',
        `An account with the email ${email} exists already. Sign in with its password, then choose "Sign in with ${label}" while signed in to link the two.`,
      );
    if (email) {
      const created = await this.identities.createLinkedUser(identity, { email, name });
      if (created === 'email_taken') throw emailTaken();
      return created;
    }
    // No verified email: a placeholder nobody can receive mail at or sign in with; on the rare clash, a random suffix.
    const placeholder = placeholderEmail(identity.issuer, identity.subject);
    for (const candidate of [placeholder, placeholder.replace('@', `-${randomBytes(4).toString('hex')}@`)]) {
      const created = await this.identities.createLinkedUser(identity, { email: candidate, name });
      if (created !== 'email_taken') return created;
    }
    throw new DomainError('internal_error', 'No free placeholder email for the new account');
  }

  /** Accepts the invitation for the signed-in account through InvitationsService.join; its refusal is returned, not thrown. */
  private async acceptInvitation(actor: Actor, token: string | null): Promise<DomainError | null> {
    if (!token) return null;
    try {
      await this.invitations.join(actor, token);
      return null;
    } catch (err) {
      if (err instanceof DomainError) return err;
      throw err;
    }
  }
}

function failed(reason: string): DomainError {
  return new DomainError('oidc_sign_in_failed', `The sign-in could not be completed: ${reason}.`);
}

/** A sentence for what openid-client refused (its errors carry oauth4webapi's codes and the provider's `error`). */
function reasonOf(err: unknown): string {
  type Cause = { code?: string; error?: string; error_description?: string; message?: string; claim?: string; cause?: Cause };
  const e = (err ?? {}) as Cause;
  // openid-client wraps oauth4webapi's error, whose cause names the claim that failed a check.
  const claim = e.cause?.claim ?? e.cause?.cause?.claim;
  switch (e.code) {
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return `the provider refused it (${e.error ?? 'error'}${e.error_description ? `: ${e.error_description}` : ''})`;
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return e.error === 'invalid_grant'
        ? 'the provider refused the sign-in code (it was used already or has expired)'
        : `the provider refused the token request (${e.error ?? 'error'})`;
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return claim === 'exp' ? "the provider's ID token has expired" : `the provider's ID token is not valid at this time (${claim ?? 'a timestamp'} check)`;
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return `the provider's ID token does not match this sign-in (${e.message ?? 'claim mismatch'})`;
    default:
      return `the provider's answer was refused (${e.message ?? String(err)})`;
  }
}
