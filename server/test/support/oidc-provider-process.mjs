// A real OpenID provider (oidc-provider) for the OIDC sign-in tests, in a
// process of its own: oidc-provider is ESM-only, the tests run as CommonJS.
//
// Protocol, one JSON object per line:
//   stdout ← {"type":"listening","port":N}      once the port is bound
//   stdin  → {"type":"configure","redirectUri"}  registers the test client
//   stdout ← {"type":"configured"}
//   stdin  → {"type":"skew","seconds":S}         the provider's clock runs S seconds off from now on
//   stdout ← {"type":"skewed"}
// Environment: OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_ACCOUNTS
// (JSON: account id → extra claims such as name, email, email_verified).
import * as http from 'node:http';
import * as readline from 'node:readline';
import Provider from 'oidc-provider';

let skewMs = 0;
const realNow = Date.now.bind(Date);
// oidc-provider reads the time through Date.now (iat, exp, cookie and code expiry).
Date.now = () => realNow() + skewMs;

const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');
let handler = (_req, res) => {
  res.statusCode = 503;
  res.end('not configured yet');
};
const server = http.createServer((req, res) => handler(req, res));
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

server.listen(0, '127.0.0.1', () => send({ type: 'listening', port: server.address().port }));

function configure(redirectUri) {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.OIDC_TEST_CLIENT_ID,
        client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, ...(accounts[id] ?? {}) }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    ttl: { IdToken: 60, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  handler = provider.callback();
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.type === 'configure') {
    configure(message.redirectUri);
    send({ type: 'configured' });
  } else if (message.type === 'skew') {
    skewMs = message.seconds * 1000;
    send({ type: 'skewed' });
  }
});
process.stdin.on('end', () => process.exit(0));
