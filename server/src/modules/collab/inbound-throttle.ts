/** What one socket may send: a steady rate and a burst, in frames and in bytes. */
export interface InboundLimits {
  framesPerSecond: number;
  bytesPerSecond: number;
  burstFrames: number;
  /** At least the largest frame, or a maximal frame could never pass. */
  burstBytes: number;
}

/**
 * Two token buckets (frames, bytes) over what one socket sends. A socket over
 * its budget is not dropped and loses nothing: the caller stops reading it
 * for the time `take` returns, TCP pushes back on the sender, and what it
 * sent is applied (and acknowledged) later, at the budget's pace. One client
 * flooding an entry thus cannot take the event loop from the others.
 */
export class InboundThrottle {
  private frames: number;
  private bytes: number;
  private refilledAt: number;

  constructor(
    private readonly limits: InboundLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.frames = limits.burstFrames;
    this.bytes = limits.burstBytes;
    this.refilledAt = now();
  }

  /** Takes one frame of `size` bytes from the buckets; returns how long (ms) to stop reading, 0 within budget. */
  take(size: number): number {
    const now = this.now();
    const elapsedS = (now - this.refilledAt) / 1000;
    this.refilledAt = now;
    const { framesPerSecond, bytesPerSecond, burstFrames, burstBytes } = this.limits;
    this.frames = Math.min(burstFrames, this.frames + elapsedS * framesPerSecond) - 1;
    this.bytes = Math.min(burstBytes, this.bytes + elapsedS * bytesPerSecond) - size;
    const waitS = Math.max(-this.frames / framesPerSecond, -this.bytes / bytesPerSecond, 0);
    return waitS * 1000;
  }
}
