import { cueText, parseTimestamp, parseWebVtt, VttError } from './webvtt';

const vtt = (...lines: string[]) => lines.join('\n');

describe('WebVTT validation', () => {
  it('reads cues with and without identifiers, hours, settings, notes and tags', () => {
    const parsed = parseWebVtt(
      vtt(
        'WEBVTT - a report',
        'Kind: captions',
        '',
        'NOTE written by hand',
        '',
        '1',
        '00:00.000 --> 00:01.500 align:start',
        '<v Dr Li>Hello &amp; welcome</v>',
        '',
        '01:00:02.250 --> 01:00:04.000',
        '第二行',
        'two lines',
      ),
    );
    expect(parsed.cues).toEqual([
      { start: 0, end: 1.5, text: 'Hello & welcome' },
      { start: 3602.25, end: 3604, text: '第二行\ntwo lines' },
    ]);
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    expect(parseWebVtt('\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n').cues).toEqual([{ start: 1, end: 2, text: 'Hi' }]);
  });

  it.each([
    ['no signature', vtt('WEBVT', '', '00:01.000 --> 00:02.000', 'x'), 1, 'starts with "WEBVTT"'],
    ['seconds over 59', vtt('WEBVTT', '', '00:61.000 --> 01:02.000', 'x'), 3, 'seconds 61 are over 59'],
    ['minutes over 59', vtt('WEBVTT', '', '00:01.000 --> 00:02.000', 'a', '', '00:75:00.000 --> 00:76:00.000', 'b'), 6, 'minutes 75'],
    ['two-digit milliseconds', vtt('WEBVTT', '', '00:01.00 --> 00:02.000', 'x'), 3, 'is not a timestamp'],
    ['comma instead of dot (SRT)', vtt('WEBVTT', '', '00:00:01,000 --> 00:00:02,000', 'x'), 3, 'is not a timestamp'],
    ['end before start', vtt('WEBVTT', '', '00:05.000 --> 00:02.000', 'x'), 3, 'ends (00:02.000) before it starts'],
    ['cues out of order', vtt('WEBVTT', '', '00:05.000 --> 00:06.000', 'a', '', '00:01.000 --> 00:02.000', 'b'), 6, 'in order'],
    ['no arrow spacing', vtt('WEBVTT', '', '00:01.000-->00:02.000', 'x'), 3, 'not a cue timing'],
    ['identifier without timing', vtt('WEBVTT', '', 'intro', 'Hello'), 4, 'needs a timing line'],
    ['missing blank line between cues', vtt('WEBVTT', '', '00:01.000 --> 00:02.000', 'a', '00:02.000 --> 00:03.000', 'b'), 5, 'blank line is missing'],
    ['no blank line after the header', vtt('WEBVTT', '00:01.000 --> 00:02.000', 'x'), 2, 'blank line must separate'],
  ])('%s → line %i', (_name, text, line, reason) => {
    let error: unknown;
    try {
      parseWebVtt(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VttError);
    expect((error as VttError).line).toBe(line);
    expect((error as VttError).reason).toContain(reason);
  });

  it('timestamps', () => {
    expect(parseTimestamp('00:00.001')).toBe(0.001);
    expect(parseTimestamp('100:00:00.000')).toBe(360000);
    expect(typeof parseTimestamp('1:00.000')).toBe('string');
  });

  it('cue text loses markup but keeps Chinese and line breaks', () => {
    expect(cueText('<c.yellow>疫苗</c> <00:01.000>works &lt;well&gt;')).toBe('疫苗 works <well>');
  });
});
