import { ConfigError, parseConfig } from './config';

function problem(env: Record<string, string>): string {
  try {
    parseConfig(env);
    return '';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe('configuration', () => {
  it('starts from the defaults with nothing set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('refuses values that cannot work, naming the variable', () => {
    expect(problem({ PORT: 'eighty' })).toMatch(/PORT/);
    expect(problem({ COLLAB_BUSY_SHARE: '1.5' })).toMatch(/COLLAB_BUSY_SHARE/);
  });

  it('refuses a relay peer timeout shorter than two heartbeats (every instance would take the others for crashed)', () => {
    expect(problem({ COLLAB_RELAY_HEARTBEAT_MS: '1000', COLLAB_RELAY_PEER_TIMEOUT_MS: '1500' })).toMatch(
      /COLLAB_RELAY_PEER_TIMEOUT_MS: must be at least twice/,
    );
    expect(problem({ COLLAB_RELAY_HEARTBEAT_MS: '100', COLLAB_RELAY_PEER_TIMEOUT_MS: '1000' })).toBe('');
  });

  it('mail: SMTP_URL must be smtp:// or smtps:// and needs MAIL_FROM; the password is never repeated in the error', () => {
    expect(parseConfig({}).mail).toBeNull();
    expect(parseConfig({ SMTP_URL: '', MAIL_FROM: ' ' }).mail).toBeNull();
    expect(parseConfig({ SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_FROM: 'Knowledge Hub <hub@example.org>' }).mail).toEqual({
      smtpUrl: 'smtp://u:p@mail.example.org:587',
      from: 'Knowledge Hub <hub@example.org>',
      sendTimeoutMs: 10_000,
    });
    expect(problem({ SMTP_URL: 'smtp://mail.example.org' })).toMatch(/MAIL_FROM: required when SMTP_URL is set/);
    const wrongScheme = problem({ SMTP_URL: 'https://user:s3cret@mail.example.org', MAIL_FROM: 'hub@example.org' });
    expect(wrongScheme).toMatch(/SMTP_URL: must be a URL like smtp:/);
    expect(wrongScheme).not.toContain('s3cret');
    expect(problem({ SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'not an address' })).toMatch(/MAIL_FROM/);
    expect(problem({ SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'Hub <hub@example.org>\r\nBcc: x@y.z' })).toMatch(/MAIL_FROM/);
  });

  it('NOTIFICATION_DIGEST_HOUR_UTC: 7 by default, a whole hour 0-23 or a clear boot error', () => {
    expect(parseConfig({}).notifications.digestHourUtc).toBe(7);
    expect(parseConfig({ NOTIFICATION_DIGEST_HOUR_UTC: '' }).notifications.digestHourUtc).toBe(7);
    expect(parseConfig({ NOTIFICATION_DIGEST_HOUR_UTC: '0' }).notifications.digestHourUtc).toBe(0);
    expect(parseConfig({ NOTIFICATION_DIGEST_HOUR_UTC: '23' }).notifications.digestHourUtc).toBe(23);
    for (const bad of ['24', '-1', '7.5', 'seven']) {
      expect(problem({ NOTIFICATION_DIGEST_HOUR_UTC: bad })).toMatch(/NOTIFICATION_DIGEST_HOUR_UTC: must be a whole hour from 0 to 23 \(UTC\)/);
    }
  });
});
