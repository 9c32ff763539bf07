import { ConfigError, parseConfig } from '../../config/config';

/** OIDC_* in the configuration: all of issuer, client id and secret, or none; the issuer over https. */
describe('OIDC configuration', () => {
  const complete = { OIDC_ISSUER: 'https://orcid.org', OIDC_CLIENT_ID: 'APP-123', OIDC_CLIENT_SECRET: 'secret' };

  it('unset: no OIDC sign-in', () => {
    expect(parseConfig({}).oidc).toBeNull();
    expect(parseConfig({ OIDC_ISSUER: '', OIDC_CLIENT_ID: ' ', OIDC_LABEL: 'ORCID' }).oidc).toBeNull();
  });

  it('complete: the provider, with "OpenID" as the default label', () => {
    expect(parseConfig(complete).oidc).toEqual({ issuer: 'https://orcid.org', clientId: 'APP-123', clientSecret: 'secret', label: 'OpenID' });
    expect(parseConfig({ ...complete, OIDC_LABEL: 'ORCID', OIDC_REDIRECT_URL: 'https://hub.example.org/api/auth/oidc/callback' }).oidc).toMatchObject({
      label: 'ORCID',
      redirectUrl: 'https://hub.example.org/api/auth/oidc/callback',
    });
  });

  const refused: [string, Record<string, string>, RegExp][] = [
    ['issuer without client', { OIDC_ISSUER: 'https://orcid.org' }, /OIDC_CLIENT_ID: set all of .*\n.*OIDC_CLIENT_SECRET/],
    ['client without issuer', { OIDC_CLIENT_ID: 'APP-123', OIDC_CLIENT_SECRET: 'secret' }, /OIDC_ISSUER: set all of/],
    ['a redirect URL alone', { OIDC_REDIRECT_URL: 'https://hub.example.org/api/auth/oidc/callback' }, /OIDC_REDIRECT_URL: set only together with OIDC_ISSUER/],
    ['plain http to another host', { ...complete, OIDC_ISSUER: 'http://idp.example.org' }, /OIDC_ISSUER: must be an https URL/],
    ['not a URL', { ...complete, OIDC_ISSUER: 'orcid.org' }, /OIDC_ISSUER/],
  ];
  it.each(refused)('refused at boot: %s', (_label, env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('plain http is accepted on loopback (tests, local development)', () => {
    expect(parseConfig({ ...complete, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
  });
});
