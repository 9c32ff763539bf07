/// <reference types="node" />
import type { Plugin } from 'vite';

/**
 * Puts the entry's stylesheet into index.html as a <style> element instead of
 * a <link>: a stylesheet blocks the first paint, and on a slow line its round
 * trip came after the page's HTML, so the header index.html draws (see #root)
 * waited for it. The workspace's CSP allows inline styles (style-src
 * 'unsafe-inline'); the file stays in assets/ for anything that links it.
 *
 * A disabled <link> to the file stays beside it: never fetched nor applied, it
 * tells Vite's loader of lazy chunks that the stylesheet is on the page. That
 * loader links every stylesheet a lazy chunk's imports carry unless it finds a
 * <link rel="stylesheet"> to it, and the entry's is among them (a lazy chunk
 * imports shared code from the entry chunk): linked again after the features'
 * stylesheets, it undid their rules of the same specificity (the editor's
 * state badge shrank as the editor loaded, and the text below moved).
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
          return `<style>${css}</style><link rel="stylesheet" href="${href}" disabled>`;
        });
      },
    },
  };
}
