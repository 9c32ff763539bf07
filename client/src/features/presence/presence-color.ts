import { colorForUser } from '@knowledge-hub/shared';

const HEX = /^#[0-9a-f]{6}$/i;
/** For a remote state with neither a usable colour nor a user id. */
const UNKNOWN_COLOR = '#6b7280';

/** Remote awareness states are untrusted: only six-digit hex colours are used as given. */
function isHexColor(color: unknown): color is string {
  return typeof color === 'string' && HEX.test(color);
}

/**
 * The colour to show for an awareness state's user (carets and presence dots
 * alike): its own colour when it is a valid hex colour, else the colour of its
 * user id (colorForUser), else grey.
 */
export function awarenessColor(user: { color?: unknown; userId?: unknown }): string {
  if (isHexColor(user.color)) return user.color;
  return typeof user.userId === 'string' && user.userId ? colorForUser(user.userId) : UNKNOWN_COLOR;
}
