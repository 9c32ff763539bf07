import { Injectable, Logger } from '@nestjs/common';

type Listener = (reportId: string) => void | Promise<void>;

/** "What the public sees of reports changed" (a report was approved): public caches listen. */
@Injectable()
export class ReportPublicEvents {
  private readonly logger = new Logger('ReportPublicEvents');
  private readonly listeners: Listener[] = [];

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  changed(reportId: string): void {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(reportId))
        .catch((err: unknown) => this.logger.error(`listener failed for report ${reportId}: ${err}`));
    }
  }
}
