import type { ErrorCode } from '@knowledge-hub/shared';

/**
 * The page a browser sees when an OpenID Connect sign-in fails: the browser
 * came here by a redirect from the provider, so a JSON body would be a dead
 * end. Plain server-rendered HTML, every value escaped, no script (the
 * site-wide Content-Security-Policy applies).
 */
export interface OidcErrorPage {
  code: ErrorCode;
  title: string;
  message: string;
  /** Where the one link goes, and what it says. */
  link: { href: string; text: string };
}

export function renderOidcErrorPage(page: OidcErrorPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · Knowledge Hub</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  main { max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #fff; border: 1px solid #dde1e8; border-radius: 8px; }
  h1 { font-size: 1.3rem; margin-top: 0; }
  .code { color: #5f6b7a; font-size: 0.85rem; }
  a { color: #1f5fbf; }
</style>
</head>
<body>
<main data-error-code="${escapeHtml(page.code)}">
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>
<p class="code">Error code: ${escapeHtml(page.code)}</p>
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
