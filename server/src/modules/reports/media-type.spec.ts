import { codecProblem } from './media-type';

describe('playable codecs per container', () => {
  it.each([
    [
      'video/mp4',
      [
        { type: 'video', codec: 'h264' },
        { type: 'audio', codec: 'aac' },
      ],
      null,
    ],
    [
      'video/mp4',
      [
        { type: 'video', codec: 'hevc' },
        { type: 'audio', codec: 'aac' },
      ],
      'holds hevc video',
    ],
    [
      'video/mp4',
      [
        { type: 'video', codec: 'h264' },
        { type: 'audio', codec: 'ac3' },
      ],
      'holds ac3 audio',
    ],
    [
      'video/webm',
      [
        { type: 'video', codec: 'vp8' },
        { type: 'audio', codec: 'opus' },
      ],
      null,
    ],
    [
      'video/webm',
      [
        { type: 'video', codec: 'vp9' },
        { type: 'audio', codec: 'vorbis' },
      ],
      null,
    ],
    ['audio/mpeg', [{ type: 'audio', codec: 'mp3' }], null],
    [
      'audio/mpeg',
      [
        { type: 'video', codec: 'mjpeg' },
        { type: 'audio', codec: 'mp3' },
      ],
      null,
    ],
    ['audio/mp4', [{ type: 'audio', codec: 'aac' }], null],
    ['audio/ogg', [{ type: 'audio', codec: 'opus' }], null],
    ['audio/ogg', [{ type: 'audio', codec: 'speex' }], 'holds speex audio'],
    ['audio/ogg', [{ type: 'video', codec: 'theora' }], 'holds theora video'],
  ] as const)('%s %j → %s', (mime, streams, problem) => {
    const answer = codecProblem(mime, [...streams]);
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toContain(problem);
  });
});
