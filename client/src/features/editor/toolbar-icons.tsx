/*
 * The toolbar's pictures that have no plain-text glyph, drawn (not emoji): the
 * same on every system, and no colour-emoji font to load in the page's first
 * layout (a task of tens of milliseconds on a phone). Decoration only: each
 * button's name is its visually hidden label.
 */

const common = {
  focusable: false,
  viewBox: '0 0 24 24',
  width: 18,
  height: 18,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  className: 'tool-icon',
} as const;

export function LinkIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2" />
      <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2" />
    </svg>
  );
}

export function ChartIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="M4 4v16h16" />
      <path d="m7 15 4-5 3 3 5-6" />
    </svg>
  );
}

export function ImageIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="9" cy="10" r="1.5" />
      <path d="m20.5 16-5-5-8 8.5" />
    </svg>
  );
}
