import type { TranscriptCue } from '@knowledge-hub/shared';

/**
 * WebVTT (W3C WebVTT §4), checked strictly enough that a browser shows every
 * cue the transcript lists: the `WEBVTT` signature, cue timings
 * `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt` (minutes and seconds under 60, three
 * digits of milliseconds, the end after the start, cues in start order),
 * NOTE / STYLE / REGION blocks skipped. The first mistake is reported with
 * its line number (1-based).
 */

export class VttError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

export interface ParsedVtt {
  cues: TranscriptCue[];
}

const TIMESTAMP = /^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})$/;

/** Seconds of a WebVTT timestamp, or a reason it is not one. */
export function parseTimestamp(text: string): number | string {
  const m = TIMESTAMP.exec(text);
  if (!m) return `"${text}" is not a timestamp ([hh:]mm:ss.ttt)`;
  const [, h, min, s, ms] = m;
  if (Number(min) > 59) return `minutes ${min} are over 59 in "${text}"`;
  if (Number(s) > 59) return `seconds ${s} are over 59 in "${text}"`;
  return Number(h ?? 0) * 3600 + Number(min) * 60 + Number(s) + Number(ms) / 1000;
}

export function parseWebVtt(input: string): ParsedVtt {
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new VttError(1, 'a WebVTT file starts with "WEBVTT"');
  if (input.includes('\u0000')) throw new VttError(lineOf(lines, '\u0000'), 'NUL characters are not allowed');
  const cues: TranscriptCue[] = [];
  let i = 1;
  // The header may go on until the first blank line.
  while (i < lines.length && lines[i] !== '') {
    if (lines[i].includes('-->')) throw new VttError(i + 1, 'a blank line must separate the header from the first cue');
    i++;
  }
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++]);
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0])) {
      if (cues.length > 0 && block[0].startsWith('STYLE')) throw new VttError(blockStart + 1, 'STYLE blocks must come before the first cue');
      continue;
    }
    let timingIndex = 0;
    if (!block[0].includes('-->')) {
      timingIndex = 1; // a cue identifier
      if (block.length < 2 || !block[1].includes('-->')) throw new VttError(blockStart + 2, 'a cue needs a timing line "start --> end"');
    }
    const lineNo = blockStart + timingIndex + 1;
    const timing = block[timingIndex];
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(timing);
    if (!m) throw new VttError(lineNo, `"${timing}" is not a cue timing ("start --> end", with spaces around the arrow)`);
    const start = parseTimestamp(m[1]);
    if (typeof start === 'string') throw new VttError(lineNo, start);
    const end = parseTimestamp(m[2]);
    if (typeof end === 'string') throw new VttError(lineNo, end);
    if (end <= start) throw new VttError(lineNo, `the cue ends (${m[2]}) before it starts (${m[1]})`);
    const previous = cues[cues.length - 1];
    if (previous && start < previous.start) throw new VttError(lineNo, `cues must be in order: this one starts before the previous one (${m[1]})`);
    const textLines = block.slice(timingIndex + 1);
    const arrow = textLines.findIndex((l) => l.includes('-->'));
    if (arrow >= 0) throw new VttError(lineNo + 1 + arrow, 'cue text may not contain "-->" (a blank line is missing before this cue?)');
    cues.push({ start, end, text: cueText(textLines.join('\n')) });
  }
  return { cues };
}

/** The cue's text as a transcript shows it: tags (<v Name>, <b>, <00:01.000>, …) removed, entities decoded. */
export function cueText(raw: string): string {
  return raw
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' })[e] ?? '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function lineOf(lines: string[], needle: string): number {
  return Math.max(1, lines.findIndex((l) => l.includes(needle)) + 1);
}
