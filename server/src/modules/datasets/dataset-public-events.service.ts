import { Injectable, Logger } from '@nestjs/common';

type Listener = (datasetId: string) => void | Promise<void>;

/** "What the public sees of this dataset changed" (a version was approved): public caches listen. */
@Injectable()
export class DatasetPublicEvents {
  private readonly logger = new Logger('DatasetPublicEvents');
  private readonly listeners: Listener[] = [];

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  changed(datasetId: string): void {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(datasetId))
        .catch((err: unknown) => this.logger.error(`listener failed for dataset ${datasetId}: ${err}`));
    }
  }
}
