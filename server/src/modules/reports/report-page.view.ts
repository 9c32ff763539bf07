import type { SiteContext } from '../publishing/site-context';
import { escapeXml, html, type SafeHtml } from '../publishing/views/html';
import { layout } from '../publishing/views/layout';
import { mediaUrl } from './reports.presenter';
import type { CaptionRow, MediaRow, ReportRow } from './reports.repository';

const TEXT = {
  en: {
    reports: 'Reports',
    video: 'Video reports',
    audio: 'Audio reports',
    group: 'Group',
    speakers: 'Speakers',
    recorded: 'Recorded',
    duration: 'Duration',
    transcript: 'Transcript',
    noTranscript: 'No transcript yet.',
    downloads: 'Downloads',
    mediaFile: (mime: string, mb: string) => `The media file (${mime}, ${mb} MB)`,
    captions: (lang: string) => `Captions (${lang}, WebVTT)`,
    poster: 'Poster image (JPEG)',
    noPlayer: 'Your browser cannot play this file here: download it below.',
    missing: (fields: string) => `Not known: ${fields}.`,
    none: 'No reports are published yet.',
    podcast: 'Podcast feed (RSS)',
    playFrom: (t: string) => `Play from ${t}`,
  },
  zh: {
    reports: '报告',
    video: '视频报告',
    audio: '音频报告',
    group: '小组',
    speakers: '主讲人',
    recorded: '录制于',
    duration: '时长',
    transcript: '文字稿',
    noTranscript: '暂无文字稿。',
    downloads: '下载',
    mediaFile: (mime: string, mb: string) => `媒体文件（${mime}，${mb} MB）`,
    captions: (lang: string) => `字幕（${lang}，WebVTT）`,
    poster: '封面图（JPEG）',
    noPlayer: '您的浏览器无法在此播放该文件：请在下方下载。',
    missing: (fields: string) => `未知：${fields}。`,
    none: '尚未发布任何报告。',
    podcast: '播客订阅（RSS）',
    playFrom: (t: string) => `从 ${t} 开始播放`,
  },
} as const;

const LANGUAGE_LABELS: Record<string, { en: string; zh: string }> = {
  en: { en: 'English', zh: '英语' },
  zh: { en: 'Chinese', zh: '中文' },
};

export function languageLabel(language: string, lang: 'en' | 'zh'): string {
  const base = language.split('-')[0];
  return LANGUAGE_LABELS[language]?.[lang] ?? LANGUAGE_LABELS[base]?.[lang] ?? language;
}

/** 75.5 → "1:15" (h:mm:ss past an hour). */
export function clock(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A time for a media fragment and ?t=: seconds with up to three decimals. */
export function fragmentTime(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

const titleOf = (ctx: SiteContext, r: { title: string; titleZh: string }) => (ctx.lang === 'zh' && r.titleZh ? r.titleZh : r.title);

/**
 * The HTML5 player of a report: native controls, one <track> per caption
 * language, the poster; `start` (seconds, from ?t=) becomes the media
 * fragment #t=, so a cue's link plays from its time without any script.
 */
export function reportPlayer(ctx: SiteContext, r: ReportRow, media: MediaRow, captions: CaptionRow[], start?: number, withId = true): SafeHtml {
  const t = TEXT[ctx.lang];
  const src = `${mediaUrl(media.sha256)}${start !== undefined ? `#t=${fragmentTime(start)}` : ''}`;
  const tracks = captions.map(
    (c, i) =>
      html`<track kind="captions" src="${mediaUrl(c.sha256)}" srclang="${c.language}" label="${languageLabel(c.language, ctx.lang)}"${
        (captions.some((x) => x.language.startsWith(ctx.lang)) ? c.language.startsWith(ctx.lang) : i === 0) ? html` default` : ''
      }>`,
  );
  const fallback = html`<p>${t.noPlayer} <a href="${mediaUrl(media.sha256)}">${titleOf(ctx, r)}</a></p>`;
  return r.kind === 'video'
    ? html`<video${withId ? html` id="player"` : ''} class="report-player" controls preload="metadata" playsinline${
        media.posterSha256 ? html` poster="${mediaUrl(media.posterSha256)}"` : ''
      }${media.width && media.height ? html` width="${media.width}" height="${media.height}"` : ''} src="${src}">${tracks}${fallback}</video>`
    : html`<audio${withId ? html` id="player"` : ''} class="report-player" controls preload="metadata" src="${src}">${tracks}${fallback}</audio>`;
}

/** `/r/<slug>`: player, description, speakers, transcript (each cue links to its time), downloads. No script. */
export function reportPage(ctx: SiteContext, d: { report: ReportRow; media: MediaRow; captions: CaptionRow[]; start?: number }): string {
  const t = TEXT[ctx.lang];
  const { report: r, media, captions } = d;
  const path = `/r/${encodeURIComponent(r.slug)}`;
  const transcript = captions.find((c) => c.language.startsWith(ctx.lang)) ?? captions[0];
  const mb = (Number(media.bytes) / 1_048_576).toFixed(1);
  const ext = { 'video/mp4': 'mp4', 'video/webm': 'webm', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg' }[media.mime] ?? 'bin';
  const main = html`<article class="report" data-report="${r.slug}" data-kind="${r.kind}">
<header class="page-header"><h1>${titleOf(ctx, r)}</h1>
<p class="muted">${t.group}: <a href="/g/${encodeURIComponent(r.groupSlug)}">${ctx.lang === 'zh' && r.groupNameZh ? r.groupNameZh : r.groupName}</a>${
    r.recordedAt ? html` · ${t.recorded} <time datetime="${r.recordedAt}">${r.recordedAt}</time>` : ''
  }${media.durationSeconds ? html` · ${t.duration} <span data-testid="report-duration">${clock(media.durationSeconds)}</span>` : ''}</p></header>
<div class="report-layout">
<div class="report-main">
${reportPlayer(ctx, r, media, captions, d.start)}
${media.missing.length > 0 ? html`<p class="muted" data-testid="report-missing">${t.missing(media.missing.join(', '))}</p>` : ''}
${r.description ? html`<p class="lead">${r.description}</p>` : ''}
${r.speakers.length > 0 ? html`<p><strong>${t.speakers}:</strong> <span data-testid="report-speakers">${r.speakers.join(', ')}</span></p>` : ''}
<section><h2>${t.downloads}</h2><ul class="report-downloads">
<li><a href="${mediaUrl(media.sha256)}" download="${r.slug}.${ext}" data-testid="report-download">${t.mediaFile(media.mime, mb)}</a></li>
${captions.map((c) => html`<li><a href="${mediaUrl(c.sha256)}" download="${r.slug}.${c.language}.vtt">${t.captions(languageLabel(c.language, ctx.lang))}</a></li>`)}
${media.posterSha256 ? html`<li><a href="${mediaUrl(media.posterSha256)}">${t.poster}</a></li>` : ''}
</ul></section>
</div>
<aside class="report-transcript" aria-labelledby="transcript-heading"><h2 id="transcript-heading">${t.transcript}${
    transcript && captions.length > 1 ? html` <span class="muted">(${languageLabel(transcript.language, ctx.lang)})</span>` : ''
  }</h2>
${
  transcript
    ? html`<ol class="transcript" lang="${transcript.language}" data-testid="transcript">${transcript.cues.map(
        (c, i) =>
          html`<li id="cue-${i + 1}"><a href="${path}?t=${fragmentTime(c.start)}#player" data-t="${fragmentTime(c.start)}" title="${t.playFrom(clock(c.start))}"><time>${clock(c.start)}</time></a> ${c.text}</li>
`,
      )}</ol>`
    : html`<p class="muted">${t.noTranscript}</p>`
}
</aside>
</div>
</article>`;
  return layout(ctx, { title: titleOf(ctx, r), description: r.description.slice(0, 300), path, canonical: true, main, params: {} });
}

/** A list of reports (the /reports page, group and search pages). */
export function reportList(ctx: SiteContext, rows: ReportRow[], heading?: string): SafeHtml {
  return html`<section class="reports" data-testid="report-list">${heading ? html`<h2>${heading}</h2>` : ''}<ul class="report-list">
${rows.map(
  (r) =>
    html`<li data-kind="${r.kind}"><a href="/r/${encodeURIComponent(r.slug)}">${titleOf(ctx, r)}</a> <span class="muted">(${
      r.kind === 'video' ? (ctx.lang === 'zh' ? '视频' : 'video') : ctx.lang === 'zh' ? '音频' : 'audio'
    })</span>${r.description ? html` — <span class="muted">${r.description.slice(0, 200)}</span>` : ''}</li>
`,
)}</ul></section>`;
}

/** `/reports`: approved reports by group, videos and audio apart. */
export function reportsIndexPage(ctx: SiteContext, rows: ReportRow[]): string {
  const t = TEXT[ctx.lang];
  const groups = new Map<string, ReportRow[]>();
  for (const r of rows) groups.set(r.groupSlug, [...(groups.get(r.groupSlug) ?? []), r]);
  const main = html`<header class="page-header"><h1>${t.reports}</h1><p><a href="/reports/feed.xml">${t.podcast}</a></p></header>
${rows.length === 0 ? html`<p class="muted">${t.none}</p>` : ''}
${[...groups.values()].map((list) => {
  const g = list[0];
  return html`<section class="report-group" data-group="${g.groupSlug}"><h2><a href="/g/${encodeURIComponent(g.groupSlug)}">${
    ctx.lang === 'zh' && g.groupNameZh ? g.groupNameZh : g.groupName
  }</a></h2>
${(['video', 'audio'] as const).map((kind) => {
  const ofKind = list.filter((r) => r.kind === kind);
  return ofKind.length > 0 ? html`<div data-kind-list="${kind}">${reportList(ctx, ofKind, kind === 'video' ? t.video : t.audio)}</div>` : '';
})}</section>`;
})}`;
  return layout(ctx, { title: t.reports, path: '/reports', canonical: true, main });
}

/** `<url>` lines of the sitemap. */
export function reportSitemapUrls(origin: string, rows: ReportRow[]): string[] {
  return rows.map((r) => `  <url><loc>${escapeXml(`${origin}/r/${r.slug}`)}</loc></url>`);
}
