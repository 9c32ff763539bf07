import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { notFound } from '../../common/domain-error';
import type { ByteRange } from './file-store';
import { fileHeaders, notModified, parseRange, rangeApplies, type RangeAnswer } from './file-response';

/** A stored file ready to be served: what it is and a way to read it (or part of it). */
export interface OpenedFile {
  /** SHA-256 of the bytes served (a variant's own, for `?w=`): the ETag. */
  sha256: string;
  mime: string;
  size: number;
  read(range?: ByteRange): Promise<Readable | null>;
}

/** Answers a GET or HEAD of a file: 304 when the caller has it, 206 for a range, 416 for a range beyond the end, 200 otherwise. */
export async function sendFile(req: Request, res: Response, file: OpenedFile): Promise<void> {
  const headers = fileHeaders(file.mime, file.sha256);
  // setHeader, not Express's set: that would add a charset to the type.
  const setHeaders = () => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };
  if (notModified(req.headers['if-none-match'], headers.ETag)) {
    setHeaders();
    res.status(304).end();
    return;
  }
  const answer: RangeAnswer = rangeApplies(req.get('if-range'), headers.ETag) ? parseRange(req.headers.range, file.size) : { kind: 'full' };
  if (answer.kind === 'unsatisfiable') {
    setHeaders();
    res.status(416).setHeader('Content-Range', `bytes */${file.size}`);
    res.end();
    return;
  }
  const range = answer.kind === 'partial' ? answer.range : undefined;
  const body = req.method === 'HEAD' ? null : await file.read(range);
  if (req.method !== 'HEAD' && !body) throw notFound('file_not_found', 'File');
  setHeaders();
  res.status(range ? 206 : 200);
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  if (!body) {
    res.end();
    return;
  }
  try {
    await pipeline(body, res);
  } catch {
    // The reader went away, or the store failed midway: the answer cannot be repaired once its headers are out.
    res.destroy();
  }
}
