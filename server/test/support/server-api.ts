import { ApiClient, signIn } from './api-client';

/** Function forms of the api-client calls the benchmarks make against a server process. */
export { appendParagraph } from './api-client';

export async function loginAs(baseUrl: string, email: string): Promise<string> {
  return (await signIn(baseUrl, email)).token;
}

export function createEntry(baseUrl: string, token: string, title: string, group = 'epidemiology'): Promise<string> {
  const client = new ApiClient({ baseUrl, wsUrl: baseUrl.replace(/^http/, 'ws') }, { id: '', email: '', token, cookie: '' });
  return client.createEntry(title, group);
}
