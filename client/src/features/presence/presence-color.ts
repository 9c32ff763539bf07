import { colorForUser } from '@knowledge-hub/shared';

/** A user's presence colour (#rrggbb), the same for carets and presence dots. */
export function presenceColor(userId: string): string {
  return colorForUser(userId);
}

const HEX = /^#[0-9a-f]{6}$/i;

/** Remote awareness states are untrusted: only six-digit hex colours are used as given. */
export function isHexColor(color: unknown): color is string {
  return typeof color === 'string' && HEX.test(color);
}
