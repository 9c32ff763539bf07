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
});
