/**
 * Telling a dead collab connection from a quiet one, within seconds.
 *
 * A connection whose network vanished (laptop lid, Wi-Fi gone, a proxy that
 * stopped forwarding) is not closed: no frame arrives and none is refused, and
 * the provider's own timeout waits 30 s of silence. So while the socket is
 * quiet the client asks the server something it always answers — "query
 * awareness" (type 3 of the standard y-websocket protocol: the server answers
 * with every awareness state, ours included) — and gives up on the socket
 * when nothing at all arrived for DEAD_AFTER_SILENCE_MS. The provider then
 * reconnects as after any close, and the editor says it is offline.
 */

/** A quiet socket is asked to answer after this much silence (and again after as much since the last probe). */
export const PROBE_AFTER_SILENCE_MS = 1_500;
/** Nothing received for this long, probes included: the connection is dead. */
export const DEAD_AFTER_SILENCE_MS = 4_000;
/** A socket still opening after this long is given up too (a black-holed network never refuses). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** How often the watchdog looks. */
export const LIVENESS_CHECK_MS = 500;

export type LivenessVerdict = 'alive' | 'probe' | 'dead';

/**
 * What to do with an open socket: `silentMs` since anything arrived (or it
 * opened), `sinceProbeMs` since the last probe on it (null: none yet).
 */
export function livenessVerdict(silentMs: number, sinceProbeMs: number | null): LivenessVerdict {
  if (silentMs >= DEAD_AFTER_SILENCE_MS) return 'dead';
  if (silentMs >= PROBE_AFTER_SILENCE_MS && (sinceProbeMs === null || sinceProbeMs >= PROBE_AFTER_SILENCE_MS)) return 'probe';
  return 'alive';
}
