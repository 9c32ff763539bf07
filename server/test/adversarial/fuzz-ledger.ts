import * as fs from 'node:fs';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { CLOSE_FRAME_TOO_LARGE, CLOSE_MALFORMED_FRAME, MESSAGE_SYNC } from '@knowledge-hub/shared';
import type { PlannedFrame } from './fuzz-corpus';
import type { HostileOutcome } from './hostile-connection';

/** One hostile connection: which entry, which account, which frames. */
export interface Plan {
  id: number;
  entry: number;
  readOnly: boolean;
  frames: PlannedFrame[];
  mutated: number;
}

export const hexOf = (f: PlannedFrame) =>
  typeof f.bytes === 'string' ? `text ${JSON.stringify(f.bytes.slice(0, 200))}` : Buffer.from(f.bytes).toString('hex');

/**
 * What the fuzzer sent and what became of it: the markers that may be in a
 * document, the run's summary by mutation, and the findings (each with the
 * frames to reproduce it). `FUZZ_LOG=<file>` also writes every connection
 * there, one JSON line each.
 */
export class FuzzLedger {
  /** Markers of frames that a writer's socket may have had accepted. */
  readonly acceptedMarkers = new Set<number>();
  /** marker → the mutated frame that carried it (to show where a leaked marker came from). */
  readonly frameOfMarker = new Map<number, { plan: Plan; frame: PlannedFrame; outcome: string }>();
  readonly findings: string[] = [];
  private readonly byKind = new Map<string, { sent: number; closed: number }>();
  connections = 0;

  constructor(private readonly seed: number) {}

  /**
   * The probe comes after the last frame. Answered: every frame was accepted.
   * Closed by the server: the last frame was refused or never read (nothing
   * after a refused frame is read), and the frames before it count as
   * accepted. Too many may count as accepted, never too few, so the marker
   * check ("a marker in the document came from an accepted frame") is sound.
   */
  record(plan: Plan, outcome: HostileOutcome): void {
    this.connections++;
    const acceptedBefore = outcome.answered ? plan.frames.length : plan.frames.length - 1;
    if (process.env.FUZZ_LOG)
      fs.appendFileSync(process.env.FUZZ_LOG, `${JSON.stringify({ ...plan, outcome, frames: plan.frames.map((f) => ({ ...f, bytes: hexOf(f) })) })}\n`);
    plan.frames.forEach((frame, i) => {
      const state = i < acceptedBefore ? 'accepted' : `last before the close (${outcome.closeCode} "${outcome.closeReason}")`;
      if (frame.marker !== null && !frame.valid) this.frameOfMarker.set(frame.marker, { plan, frame, outcome: state });
      if (i < acceptedBefore && !plan.readOnly && frame.marker !== null) this.acceptedMarkers.add(frame.marker);
      if (frame.valid || plan.id < 0) return;
      const mutation = frame.kind.slice(frame.kind.lastIndexOf('/') + 1);
      const k = this.byKind.get(mutation) ?? { sent: 0, closed: 0 };
      k.sent++;
      if (i >= acceptedBefore) k.closed++;
      this.byKind.set(mutation, k);
    });
    if (!outcome.closedByServer && outcome.closeCode === 0) {
      this.findings.push(
        `${this.describe(plan)}: ${outcome.closeReason} (acks must come for every update read):\n${plan.frames.map((f, i) => `  ${i} ${f.kind}: ${hexOf(f)}`).join('\n')}`,
      );
    } else if (outcome.closedByServer && outcome.closeCode !== CLOSE_MALFORMED_FRAME && outcome.closeCode !== CLOSE_FRAME_TOO_LARGE) {
      this.findings.push(
        `${this.describe(plan)}: the server closed a hostile socket with ${outcome.closeCode} "${outcome.closeReason}" ` +
          `(a bad frame closes with ${CLOSE_MALFORMED_FRAME}):\n${plan.frames.map((f, i) => `  ${i} ${f.kind}: ${hexOf(f)}`).join('\n')}${halfValidFrames(plan.frames)}`,
      );
    }
  }

  /** A finding for a marker seen in a document although no writer's socket accepted a frame carrying it. */
  leakedMarker(where: string, marker: number): void {
    const source = this.frameOfMarker.get(marker);
    this.findings.push(
      `${where}: marker ${marker} is in the document, but no writer's socket accepted a frame carrying it` +
        (source ? `; its frame (${this.describe(source.plan)}, ${source.outcome}) ${source.frame.kind}: ${hexOf(source.frame)}` : ''),
    );
  }

  summary(): string {
    return Array.from(this.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, k]) => `  ${kind.padEnd(17)} ${String(k.sent).padStart(6)} sent, ${String(k.closed).padStart(6)} last before a close`)
      .join('\n');
  }

  private describe(plan: Plan): string {
    return `connection #${plan.id} of FUZZ_SEED=${this.seed} (entry ${plan.entry}, ${plan.readOnly ? 'read-only' : 'writer'})`;
  }
}

/** The frames of a failure report whose update passes Y.parseUpdateMeta but does not fully decode (the half-valid update). */
function halfValidFrames(frames: PlannedFrame[]): string {
  const lines = frames.flatMap((f, i) => {
    if (typeof f.bytes === 'string') return [];
    let parsed = false;
    try {
      const d = decoding.createDecoder(f.bytes);
      if (decoding.readVarUint(d) !== MESSAGE_SYNC || decoding.readVarUint(d) === 0) return [];
      const update = decoding.readVarUint8Array(d);
      Y.parseUpdateMeta(update);
      parsed = true;
      Y.decodeUpdate(update);
      return [];
    } catch (err) {
      return parsed ? [`  frame ${i} passes Y.parseUpdateMeta but not Y.decodeUpdate (${(err as Error).message})`] : [];
    }
  });
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}
