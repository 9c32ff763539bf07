import { Logger } from '@nestjs/common';
import type { OidcConfig } from '../../config/config';
import { DomainError } from '../../common/domain-error';

/** openid-client is ESM-only: loaded with a real import() (kept by tsc under nodenext; turned into require by the tests' transform). */
type OpenIdClient = typeof import('openid-client');
export type IssuerConfiguration = import('openid-client').Configuration;

/** How long a discovery or token request to the provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The configured OpenID provider as openid-client sees it: its discovery
 * document is fetched on first use, not at boot (a provider that is down must
 * not stop the hub from starting), and kept once it was read; a failed
 * discovery is tried again by the next sign-in.
 */
export class OidcIssuer {
  private readonly logger = new Logger('OidcIssuer');
  private client?: Promise<OpenIdClient>;
  private configuration?: Promise<IssuerConfiguration>;

  constructor(readonly settings: OidcConfig) {}

  lib(): Promise<OpenIdClient> {
    this.client ??= import('openid-client');
    return this.client;
  }

  async discovered(): Promise<{ lib: OpenIdClient; config: IssuerConfiguration }> {
    const lib = await this.lib();
    this.configuration ??= this.discover(lib).catch((err: unknown) => {
      this.configuration = undefined;
      this.logger.error(`discovery of ${this.settings.issuer} failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new DomainError('service_unavailable', `The sign-in provider (${this.settings.label}) cannot be reached: try again later`);
    });
    return { lib, config: await this.configuration };
  }

  private async discover(lib: OpenIdClient): Promise<IssuerConfiguration> {
    const issuer = new URL(this.settings.issuer);
    // Plain http is accepted only for a provider on loopback (config.ts refuses it elsewhere): tests and local development.
    const insecure = issuer.protocol === 'http:';
    const execute = insecure ? [lib.allowInsecureRequests] : [];
    const discovered = await lib.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
      execute,
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
    // The secret goes in the Authorization header unless the provider only takes it in the body (ORCID lists client_secret_post).
    const server = discovered.serverMetadata();
    const methods = server.token_endpoint_auth_methods_supported;
    const auth =
      methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
        ? lib.ClientSecretPost(this.settings.clientSecret)
        : lib.ClientSecretBasic(this.settings.clientSecret);
    const config = new lib.Configuration(server, this.settings.clientId, { client_secret: this.settings.clientSecret }, auth);
    if (insecure) lib.allowInsecureRequests(config);
    config.timeout = PROVIDER_TIMEOUT_SECONDS;
    return config;
  }
}
