/// <reference types="node" />
import type { Plugin } from 'vite';

/**
 * Puts the entry's stylesheet into index.html as a <style> element instead of
 * a <link>: a stylesheet blocks the first paint, and on a slow line its round
 * trip came after the page's HTML, so the header index.html draws (see #root)
 * waited for it. The workspace's CSP allows inline styles (style-src
 * 'unsafe-inline'); the file stays in assets/ for anything that links it.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'knowledge-hub-inline-entry-css',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="([^"]+\.css)">/g, (link, href: string) => {
          const name = href.replace(/^.*?assets\//, 'assets/');
          const asset = bundle[name];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : Buffer.from(asset.source).toString('utf8');
          // A stylesheet cannot end the element early unless it holds "</style": none of ours does; refuse one that would.
          if (/<\/style/i.test(css)) return link;
          return `<style>${css}</style>`;
        });
      },
    },
  };
}
