import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvInvalidDetails } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';

/**
 * Reads a CSV or TSV file as records, streaming: bytes are decoded as strict
 * UTF-8 (a BOM is dropped; an undecodable byte is an error naming its line),
 * then parsed by csv-parse (RFC 4180 quoting, quoted newlines, CRLF or LF).
 * Every problem is a 400 csv_invalid naming the line (1-based, in the file),
 * the column when there is one, and the reason.
 */

/** Longest record (bytes of text): a quote never closed fails here instead of buffering the whole file. */
export const MAX_RECORD_CHARS = 1_048_576;

export function csvInvalid(details: CsvInvalidDetails): DomainError {
  const where = `line ${details.line}${details.column ? `, column ${details.column}` : ''}`;
  const error = new DomainError('csv_invalid', `The file cannot be read at ${where}: ${details.reason}`);
  error.details = { line: details.line, ...(details.column ? { column: details.column } : {}), reason: details.reason };
  return error;
}

export type Delimiter = ',' | '\t';

/** TSV when the name says so, or when the first line has more tabs than commas. */
export function detectDelimiter(filename: string | undefined, head: string): Delimiter {
  if (filename && /\.tsv$/i.test(filename)) return '\t';
  if (filename && /\.csv$/i.test(filename)) return ',';
  const firstLine = head.split('\n', 1)[0];
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

export interface CsvRecord {
  fields: string[];
  /** The file's line where the record ends (1-based). */
  line: number;
}

/**
 * The records of the file, the header first. Ragged rows (a field count unlike
 * the header's) are errors. Blank lines are skipped.
 */
export async function* readCsvRecords(source: AsyncIterable<Uint8Array>, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    relax_column_count: false,
  });
  const decoded = Readable.from(decodeUtf8(source), { objectMode: false, highWaterMark: 65_536 });
  let failure: unknown = null;
  pipeline(decoded, parser, (err) => {
    if (err) failure = err;
  });
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: item.record, line: item.info.lines };
    }
  } catch (err) {
    throw toCsvInvalid(failure ?? err);
  } finally {
    decoded.destroy();
    parser.destroy();
  }
  if (failure) throw toCsvInvalid(failure);
}

function toCsvInvalid(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { code?: string; lines?: number; message?: string; column?: unknown; record?: unknown[]; index?: number };
  if (typeof e?.code !== 'string' || (!e.code.startsWith('CSV_') && e.code !== 'INVALID_OPENING_QUOTE')) return err;
  const line = typeof e.lines === 'number' ? e.lines : 1;
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = Array.isArray(e.record) ? e.record.length : undefined;
      const expected = /expect (\d+)/.exec(e.message ?? '')?.[1];
      return csvInvalid({ line, reason: `this row has ${got ?? 'a different number of'} fields, the header has ${expected ?? 'another number'}` });
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return csvInvalid({ line, reason: 'a quoted field is never closed' });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return csvInvalid({ line, column: columnOf(e), reason: 'text follows a closing quote (a quote inside a quoted field must be doubled: "")' });
    case 'INVALID_OPENING_QUOTE':
      return csvInvalid({ line, column: columnOf(e), reason: 'a quote in the middle of an unquoted field (quote the whole field, doubling the quote)' });
    case 'CSV_MAX_RECORD_SIZE':
      return csvInvalid({ line, reason: `a row is longer than ${MAX_RECORD_CHARS} characters (a quote never closed?)` });
    default:
      return csvInvalid({ line, reason: e.message ?? 'unreadable' });
  }
}

function columnOf(e: { column?: unknown; index?: number }): string | undefined {
  if (typeof e.column === 'string') return e.column;
  if (typeof e.column === 'number') return String(e.column + 1);
  if (typeof e.index === 'number') return String(e.index + 1);
  return undefined;
}

/** Strict UTF-8 decoding, piece by piece; an invalid byte is csv_invalid at its line. */
async function* decodeUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  for await (const piece of source) {
    let text: string;
    try {
      text = decoder.decode(piece, { stream: true });
    } catch {
      const at = firstInvalidUtf8(piece);
      throw csvInvalid({ line: linesBefore + countNewlines(piece, at) + 1, reason: 'the file is not UTF-8 text (an undecodable byte); save it as UTF-8' });
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      const before = text.slice(0, nul);
      throw csvInvalid({ line: linesBefore + before.split('\n').length, reason: 'the file holds a NUL character, which text cannot hold' });
    }
    linesBefore += countNewlines(piece, piece.length);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw csvInvalid({ line: linesBefore + 1, reason: 'the file ends inside a UTF-8 character' });
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Offset of the first byte that cannot start or continue a UTF-8 sequence (approximate at a piece's start, exact after). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  // A sequence cut by the previous piece: skip its continuation bytes.
  while (i < bytes.length && i < 3 && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= bytes.length) return bytes.length;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += len;
  }
  return bytes.length;
}
