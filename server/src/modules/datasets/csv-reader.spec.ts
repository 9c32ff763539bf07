import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../common/domain-error';
import { detectDelimiter, readCsvRecords } from './csv-reader';
import { parseCopyLine, prepareRows } from './prepare-rows';

async function* pieces(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function records(text: string | Buffer, delimiter: ',' | '\t' = ',') {
  const out: { fields: string[]; line: number }[] = [];
  for await (const r of readCsvRecords(pieces(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')), delimiter)) out.push(r);
  return out;
}

async function failure(text: string | Buffer, delimiter: ',' | '\t' = ',') {
  try {
    await records(text, delimiter);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    return { code: e.code, ...e.details };
  }
  throw new Error('expected csv_invalid');
}

describe('reading CSV', () => {
  it('reads Chinese headers, a BOM, CRLF and quoted newlines', async () => {
    const text = '\uFEFF国家,日期,病例\r\n中国,2020-01-22,"1,000"\r\n"法国\nParis",2020-01-23,"say ""hi"""\r\n';
    expect(await records(text)).toEqual([
      { fields: ['国家', '日期', '病例'], line: 1 },
      { fields: ['中国', '2020-01-22', '1,000'], line: 2 },
      { fields: ['法国\nParis', '2020-01-23', 'say "hi"'], line: 4 },
    ]);
  });

  it('reads TSV and skips blank lines', async () => {
    expect((await records('a\tb\n1\t2\n\n3\t4\n', '\t')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it.each([
    ['a ragged row', 'a,b\n1,2\n3\n', { line: 3, reason: 'this row has 1 fields, the header has 2' }],
    ['a quote never closed', 'a,b\n1,"2\n3,4\n', { line: 3, reason: 'a quoted field is never closed' }],
    ['text after a closing quote', 'a,b\n1,"2"x\n', { line: 2, column: '2', reason: expect.stringContaining('closing quote') }],
    ['a quote inside an unquoted field', 'a,b\n1,2"x"\n', { line: 2, column: '2', reason: expect.stringContaining('quote') }],
  ])('%s is csv_invalid with its line', async (_name, text, details) => {
    expect(await failure(text)).toEqual({ code: 'csv_invalid', ...details });
  });

  it('an undecodable byte is csv_invalid at its line', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    expect(await failure(bytes)).toEqual({ code: 'csv_invalid', line: 3, reason: expect.stringContaining('not UTF-8') });
    const latin1 = Buffer.from('name\nJos\u00e9\n', 'latin1');
    expect(await failure(latin1)).toMatchObject({ code: 'csv_invalid', line: 2 });
  });

  it('detects the delimiter', () => {
    expect(detectDelimiter('x.tsv', 'a,b')).toBe('\t');
    expect(detectDelimiter(undefined, 'a\tb\tc,d\n')).toBe('\t');
    expect(detectDelimiter(undefined, 'a,b\tc\n')).toBe(',');
  });
});

describe('preparing rows', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kh-ds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const prepare = (text: string, overrides = {}) => {
    writeFileSync(join(dir, 'in.csv'), text);
    return prepareRows({ csvPath: join(dir, 'in.csv'), overrides, copyPath: join(dir, 'rows.copy') });
  };

  it('infers the columns and writes COPY text that reads back to the fields', async () => {
    const prepared = await prepare('\uFEFF国家,date,n,x\n中国,2020-01-22,1,"a\tb\\c\nd"\n中国,2020-01-23,,\n');
    expect(prepared).toEqual({
      columns: [
        { name: '国家', type: 'category' },
        { name: 'date', type: 'date' },
        { name: 'n', type: 'integer' },
        { name: 'x', type: 'text' },
      ],
      rows: 2,
      delimiter: ',',
    });
    const lines = readFileSync(join(dir, 'rows.copy'), 'utf8').split('\n').slice(0, -1).map(parseCopyLine);
    expect(lines).toEqual([
      ['1', '中国', '2020-01-22', '1', 'a\tb\\c\nd'],
      ['2', '中国', '2020-01-23', null, null],
    ]);
  });

  it('names the line and column of a value that does not fit an override', async () => {
    await expect(prepare('d,n\n2020-01-01,1\nlater,2\n', { d: 'date' })).rejects.toMatchObject({
      code: 'csv_invalid',
      details: { line: 3, column: 'd', reason: '"later" is not a date (YYYY-MM-DD)' },
    });
  });

  it('refuses an empty file, a bad header, and overrides of unknown columns', async () => {
    await expect(prepare('')).rejects.toMatchObject({ code: 'csv_invalid', details: { line: 1 } });
    await expect(prepare('a,a\n1,2\n')).rejects.toMatchObject({ code: 'csv_invalid', details: { line: 1, column: '2' } });
    await expect(prepare('a\n1\n', { b: 'text' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('reading CSV: NUL', () => {
  it('a NUL character is csv_invalid at its line (Postgres text cannot hold it)', async () => {
    const out: unknown[] = [];
    const bytes = Buffer.from('a,b\n1,2\n3,x\u0000y\n', 'utf8');
    await expect(
      (async () => {
        for await (const r of readCsvRecords(
          (async function* () {
            yield bytes;
          })(),
          ',',
        ))
          out.push(r);
      })(),
    ).rejects.toMatchObject({ code: 'csv_invalid', details: { line: 3 } });
  });
});
