import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type DatasetColumn, type DatasetTypeOverrides, MAX_DATASET_COLUMN_NAME_CHARS, MAX_DATASET_COLUMNS } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { ColumnTypeInferrer, headerProblem } from './column-types';
import { csvInvalid, type Delimiter, detectDelimiter, readCsvRecords } from './csv-reader';

/**
 * One pass over an uploaded file: validates it, infers its column types, and
 * writes its rows in Postgres's COPY text format (`_line`, then the fields;
 * empty fields as NULL) to `copyPath`. The typed table is then loaded from
 * that file without parsing the CSV again: every value in it fits its
 * column's type (integers, numbers, ISO dates and true/false are read by
 * Postgres as they are).
 */
export interface PreparedRows {
  columns: DatasetColumn[];
  rows: number;
  delimiter: Delimiter;
}

/** Bytes of COPY text gathered before a write. */
const WRITE_BATCH_CHARS = 1_048_576;

export async function prepareRows(opts: { csvPath: string; filename?: string; overrides: DatasetTypeOverrides; copyPath: string }): Promise<PreparedRows> {
  const head = await readHead(opts.csvPath, 65_536);
  const delimiter = detectDelimiter(opts.filename, head);
  const out = createWriteStream(opts.copyPath, { encoding: 'utf8' });
  let outError: Error | null = null;
  out.on('error', (err) => {
    outError = err;
  });
  let header: string[] | null = null;
  let inferrer: ColumnTypeInferrer | null = null;
  let rows = 0;
  let batch = '';
  try {
    for await (const record of readCsvRecords(createReadStream(opts.csvPath), delimiter)) {
      if (!header) {
        header = record.fields.map((name) => name.trim());
        const problem = headerProblem(header, MAX_DATASET_COLUMNS, MAX_DATASET_COLUMN_NAME_CHARS);
        if (problem) throw csvInvalid({ line: record.line, column: String(problem.column), reason: problem.reason });
        const unknown = Object.keys(opts.overrides).filter((name) => !header!.includes(name));
        if (unknown.length > 0) {
          throw new DomainError('validation_failed', `types names columns the file does not have: ${unknown.join(', ')}`, [
            { path: 'types', message: `Unknown columns: ${unknown.join(', ')}` },
          ]);
        }
        inferrer = new ColumnTypeInferrer(header, opts.overrides);
        continue;
      }
      const bad = inferrer!.observe(record.fields);
      if (bad) throw csvInvalid({ line: record.line, column: header[bad.column], reason: bad.reason });
      rows++;
      batch += copyLine(rows, record.fields);
      if (batch.length >= WRITE_BATCH_CHARS) {
        if (outError) throw outError;
        if (!out.write(batch)) await once(out, 'drain');
        batch = '';
      }
    }
    if (!header || !inferrer) throw csvInvalid({ line: 1, reason: 'the file is empty: the first line must name the columns' });
    out.end(batch);
    await once(out, 'finish');
    if (outError) throw outError;
    return { columns: inferrer.columns(), rows, delimiter };
  } catch (err) {
    out.destroy();
    throw err;
  }
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One row in COPY text format. */
export function copyLine(line: number, fields: readonly string[]): string {
  let s = String(line);
  for (const f of fields) {
    if (f === '') s += '\t\\N';
    else if (NEEDS_ESCAPE.test(f)) s += `\t${f.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}`;
    else s += `\t${f}`;
  }
  return `${s}\n`;
}

/** The inverse of copyLine's field escaping (for the embedded database, which loads by INSERT). */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((f) => {
    if (f === '\\N') return null;
    if (!f.includes('\\')) return f;
    return f.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
  });
}

async function readHead(path: string, bytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 })) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
