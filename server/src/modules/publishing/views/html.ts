import { escapeHtml } from '@knowledge-hub/shared';

/**
 * HTML that is already safe to insert. Only three things make one: the html``
 * template below (which escapes every interpolated value), trustedHtml() for a
 * revision's stored body (rendered by shared renderHtml's allow-list when it
 * was submitted), and the constants of the views.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

/** Template tag: every interpolated value is escaped with shared escapeHtml unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The stored body of a published revision: rendered through the allow-list renderer at submission, inserted as is. */
export function trustedHtml(renderedByAllowList: string): SafeHtml {
  return new SafeHtml(renderedByAllowList);
}

/**
 * Text for XML (Atom, sitemap): escaped, and without the characters XML 1.0
 * forbids (control characters, lone surrogates), which would make the whole
 * feed unreadable.
 */
export function escapeXml(text: string): string {
  return escapeHtml(
    text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ''),
  );
}
