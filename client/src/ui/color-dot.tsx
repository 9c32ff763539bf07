import './color-dot.css';

/** A small round marker in a person's presence colour. */
export function ColorDot({ color }: { color: string }) {
  return <span className="dot" style={{ backgroundColor: color }} aria-hidden="true" />;
}
