import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EN_VTT, makeWebm, ZH_VTT } from './reports-support';
import { type BrowserKit, watchCsp, withBrowserKit } from './support/browser';
import { ReachService } from '../src/modules/reach/reach.service';
import type { TestApp } from './support/test-app';

/**
 * Issue 13's story in Chromium: alice creates a video report in the
 * workspace, uploads a 2-second WebM (VP8/Opus, made with ffmpeg) through
 * the resumable upload with its progress, and English and Chinese captions;
 * the moderator finds it in the review queue and approves it; an anonymous
 * reader opens /r/<slug>: the native player has both caption tracks, plays,
 * and seeks; without JavaScript the page has the same player and transcript;
 * /reach then shows the reader's country and the report among the most played.
 * No page logs a CSP violation.
 */

let app: TestApp;
let kit: BrowserKit;
// Behind a trusted proxy (loopback), X-Forwarded-For names the reader, so the reader can be "in" Great Britain.
withBrowserKit(
  (a, k) => {
    app = a;
    kit = k;
  },
  { TRUST_PROXY: 'loopback', REACH_FLUSH_MS: '3600000' },
);
const GB_READER = '81.2.69.160';
// Headless Chromium names itself in its user-agent, and bots are not counted: the reader presents an ordinary browser's.
const READER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const cspErrors: string[] = [];

it('upload a video with English and Chinese captions → approve → an anonymous reader plays it with captions and seeks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kh-report-story-'));
  const files = { video: join(dir, 'talk.webm'), en: join(dir, 'en.vtt'), zh: join(dir, 'zh.vtt') };
  await writeFile(files.video, makeWebm(2));
  await writeFile(files.en, EN_VTT);
  await writeFile(files.zh, ZH_VTT);
  try {
    // Alice creates the report and uploads its media and captions.
    const alice = await watchCsp(await kit.signedInPage('alice@demo.hub'), 'alice', cspErrors);
    await alice.goto(`${app.baseUrl}/app/g/vaccines`);
    await alice.getByTestId('group-reports-link').click();
    const form = alice.getByTestId('new-report-form');
    await form.locator('input[name="title"]').fill('Story: how mRNA vaccines work');
    await form.locator('input[name="titleZh"]').fill('mRNA 疫苗的原理');
    await form.locator('select[name="kind"]').selectOption('video');
    await form.locator('input[name="speakers"]').fill('Dr Li Wen, Prof. Ada Smith');
    await form.locator('button[type="submit"]').click();
    await alice.getByTestId('report-title').waitFor();
    const reportUrl = alice.url();
    const upload = alice.getByTestId('report-media-upload');
    await upload.locator('input[type="file"]').setInputFiles(files.video);
    await upload.locator('button[type="submit"]').click();
    await alice.getByTestId('media-done').waitFor();
    await alice.getByTestId('report-status').filter({ hasText: 'pending review' }).waitFor();
    expect(await alice.getByTestId('report-metadata').textContent()).toContain('320×240');
    for (const [language, path] of [
      ['en', files.en],
      ['zh', files.zh],
    ]) {
      const captions = alice.getByTestId('report-caption-upload');
      await captions.locator('input[name="language"]').fill(language);
      await captions.locator('input[type="file"]').setInputFiles(path);
      await captions.locator('button[type="submit"]').click();
      await alice.getByTestId('report-captions').locator('li', { hasText: language }).waitFor();
    }
    expect(await alice.getByTestId('report-captions').locator('li').count()).toBe(2);
    // The author cannot approve her own report.
    expect(await alice.getByTestId('report-approve').count()).toBe(0);

    // The moderator finds it in the review queue and approves it on its page.
    const mod = await watchCsp(await kit.signedInPage('mod@demo.hub'), 'mod', cspErrors);
    await mod.goto(`${app.baseUrl}/app/review`);
    const item = mod.locator('[data-testid="queue-item"][data-kind="report"]', { hasText: 'Story: how mRNA vaccines work' });
    await item.locator('a.queue-title').click();
    await mod.waitForURL(reportUrl);
    await mod.getByTestId('report-approve').click();
    await mod.getByTestId('report-status').filter({ hasText: 'approved' }).waitFor();
    const publicHref = await mod.getByTestId('report-public-link').getAttribute('href');
    expect(publicHref).toMatch(/^\/r\/story-how-mrna-vaccines-work$/);

    // An anonymous reader plays it.
    const reader = await watchCsp(
      await (await kit.context({ userAgent: READER_AGENT, extraHTTPHeaders: { 'x-forwarded-for': GB_READER } })).newPage(),
      'reader',
      cspErrors,
    );
    const answer = await reader.goto(`${app.baseUrl}${publicHref}`);
    expect(answer?.status()).toBe(200);
    const video = reader.locator('video#player');
    await video.waitFor();
    expect(await video.getAttribute('controls')).not.toBeNull();
    const tracks = await video.evaluate((el) => {
      const v = el as unknown as { textTracks: ArrayLike<{ language: string; kind: string; label: string }> };
      return Array.from(v.textTracks).map((t) => ({ language: t.language, kind: t.kind, label: t.label }));
    });
    expect(tracks).toEqual([
      { language: 'en', kind: 'captions', label: 'English' },
      { language: 'zh', kind: 'captions', label: 'Chinese' },
    ]);
    // Captions load (same-origin tracks under the page's CSP) and hold the Chinese cues.
    const zhCues = await video.evaluate(
      (el) =>
        new Promise<string[]>((resolve, reject) => {
          type Cue = { text: string };
          type Track = { language: string; mode: string; cues: ArrayLike<Cue> | null };
          const v = el as unknown as {
            textTracks: ArrayLike<Track>;
            querySelectorAll(s: string): ArrayLike<{ addEventListener(e: string, f: () => void): void }>;
          };
          const zh = Array.from(v.textTracks).find((t) => t.language === 'zh')!;
          zh.mode = 'showing';
          const started = Date.now();
          const poll = () => {
            if (zh.cues && zh.cues.length > 0) resolve(Array.from(zh.cues).map((c) => c.text));
            else if (Date.now() - started > 10_000) reject(new Error('the Chinese captions did not load'));
            else setTimeout(poll, 50);
          };
          poll();
        }),
    );
    expect(zhCues).toEqual(['疫苗训练免疫系统。', '第二句中文字幕。']);
    // It plays, and seeking moves it.
    const played = await video.evaluate(async (el) => {
      const v = el as unknown as { muted: boolean; play(): Promise<void>; pause(): void; currentTime: number; duration: number };
      v.muted = true;
      await v.play();
      const started = Date.now();
      while (v.currentTime === 0 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      v.pause();
      return { currentTime: v.currentTime, duration: v.duration };
    });
    expect(played.currentTime).toBeGreaterThan(0);
    expect(played.duration).toBeCloseTo(2, 0);
    const seeked = await video.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          const v = el as unknown as { currentTime: number; addEventListener(e: string, f: () => void, o: { once: boolean }): void };
          v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
          v.currentTime = 1.5;
        }),
    );
    expect(seeked).toBeCloseTo(1.5, 1);
    // The transcript is beside the player, each cue linking to its time.
    const transcript = reader.getByTestId('transcript');
    expect(await transcript.locator('li').count()).toBe(2);
    expect(await transcript.locator('a').nth(1).getAttribute('href')).toBe(`${publicHref}?t=1#player`);

    // Without JavaScript: the same player, tracks and transcript (here in Chinese).
    const noJs = await watchCsp(await (await kit.context({ javaScriptEnabled: false })).newPage(), 'reader-no-js', cspErrors);
    await noJs.goto(`${app.baseUrl}${publicHref}?lang=zh`);
    expect(await noJs.locator('video#player track').count()).toBe(2);
    expect(await noJs.locator('h1').textContent()).toBe('mRNA 疫苗的原理');
    expect(await noJs.getByTestId('transcript').textContent()).toContain('疫苗训练免疫系统。');

    // /reach shows the visit's country and the report among the most played (after the periodic flush, run now).
    await app.running.app.get(ReachService).flush();
    const reach = (await (await fetch(`${app.baseUrl}/api/public/reach`, { headers: { dnt: '1' } })).json()) as { byCountry: unknown[] };
    expect(reach.byCountry).toEqual([{ country: 'GB', readers: 1 }]);
    const reachPage = await watchCsp(await (await kit.context({ javaScriptEnabled: false })).newPage(), 'reach', cspErrors);
    await reachPage.goto(`${app.baseUrl}/reach`);
    expect(await reachPage.locator('tr[data-country="GB"]').count()).toBe(1);
    expect(await reachPage.locator('#reach-reports ~ ol a, section[aria-labelledby="reach-reports"] a').first().getAttribute('href')).toContain(publicHref);

    expect(cspErrors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
