import type { Response } from 'express';

/** Headers every answer carries, whatever its Content-Security-Policy. */
export function setBaseSecurityHeaders(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
