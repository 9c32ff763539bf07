import { Node } from '@tiptap/core';
import { REPORT_NODE } from '@knowledge-hub/shared';

/**
 * The `report` node (issue 13): an approved video or audio report embedded in
 * the entry, attr reportId as the shared model names it. In the editor it is
 * a labelled block; the server renders the report's player and a link to its
 * page when the revision is frozen (a report that is not approved refuses the
 * submission).
 */

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    report: {
      /** Inserts an embedded report. */
      insertReport: (reportId: string) => ReturnType;
    };
  }
}

export const Report = Node.create({
  name: REPORT_NODE,
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      reportId: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('data-report-id'), renderHTML: (a) => ({ 'data-report-id': a.reportId }) },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-report-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', { class: 'report-embed', ...HTMLAttributes }, ['figcaption', {}, `Report ${HTMLAttributes['data-report-id'] ?? ''}`.trim()]];
  },

  addCommands() {
    return {
      insertReport:
        (reportId: string) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { reportId } }),
    };
  },
});
