import { MAX_SEARCH_QUERY_CHARS } from '@knowledge-hub/shared';
import type { SiteLang } from './site-context';
import { html, type SafeHtml } from './views/html';

/** Every string of the public site, in English and Chinese. Functions take escaped pieces (SafeHtml) or plain values (escaped by html``). */
export interface SiteText {
  siteName: string;
  tagline: string;
  languageName: string;
  search: string;
  searchLabel: string;
  /** The search page's meta description. */
  searchDescription: string;
  searchPlaceholder: string;
  groups: string;
  recentlyPublished: string;
  nothingPublishedYet: string;
  publishedCount(n: number): string;
  groupEmpty: string;
  entriesInGroup: string;
  approvedBy(name: SafeHtml, date: SafeHtml): SafeHtml;
  revision(n: number): string;
  contributors: string;
  citeThis: string;
  /** Before the "Cite this" downloads (BibTeX, RIS, CSL-JSON, Markdown). */
  download: string;
  publishedOn(date: SafeHtml): SafeHtml;
  resultsFor(total: number, query: string): SafeHtml;
  noResults: string;
  emptyQuery: string;
  queryTooLong: string;
  previous: string;
  next: string;
  notFound: string;
  entryNotFound: string;
  groupNotFound: string;
  pageNotFoundHelp: string;
  backToHub: string;
  feed: string;
  sitemap: string;
  workspace: string;
  footerNote: string;
}

const en: SiteText = {
  siteName: 'Knowledge Hub',
  tagline: 'COVID-19 knowledge and data, written and reviewed by a research community in sixteen knowledge groups.',
  languageName: 'English',
  search: 'Search',
  searchLabel: 'Search the published entries',
  searchDescription: 'Search the published, moderated entries of Knowledge Hub, in English and Chinese.',
  searchPlaceholder: 'Search in English or Chinese',
  groups: 'Knowledge groups',
  recentlyPublished: 'Recently published',
  nothingPublishedYet: 'Nothing has been published yet.',
  publishedCount: (n) => (n === 1 ? '1 published entry' : `${n} published entries`),
  groupEmpty: 'Nothing has been published in this group yet.',
  entriesInGroup: 'Published entries',
  approvedBy: (name, date) => html`Approved by ${name} on ${date}`,
  revision: (n) => `Revision ${n}`,
  contributors: 'Contributors',
  citeThis: 'Cite this',
  download: 'Download',
  publishedOn: (date) => html`Published ${date}`,
  resultsFor: (total, query) => html`${total === 1 ? '1 result' : `${total} results`} for “${query}”`,
  noResults: 'No published entry matches this search.',
  emptyQuery: 'Type a word or a phrase, in English or Chinese.',
  queryTooLong: `This search is too long: use at most ${MAX_SEARCH_QUERY_CHARS} characters.`,
  previous: 'Previous',
  next: 'Next',
  notFound: 'Not found',
  entryNotFound: 'This entry does not exist, or it is not published.',
  groupNotFound: 'There is no knowledge group at this address.',
  pageNotFoundHelp: 'Try the search, or browse the knowledge groups.',
  backToHub: 'Back to the hub',
  feed: 'Atom feed',
  sitemap: 'Sitemap',
  workspace: 'Contributors’ workspace',
  footerNote: 'Every entry shown here was approved by a moderator of its group.',
};

const zh: SiteText = {
  siteName: '知识中心',
  tagline: '新冠知识与数据：由研究社区在十六个知识分组中共同撰写、审核。',
  languageName: '中文',
  search: '搜索',
  searchLabel: '搜索已发布的条目',
  searchDescription: '搜索知识库中已发布、经审核的中英文条目。',
  searchPlaceholder: '可用中文或英文搜索',
  groups: '知识分组',
  recentlyPublished: '最新发布',
  nothingPublishedYet: '尚无已发布的条目。',
  publishedCount: (n) => `已发布 ${n} 篇`,
  groupEmpty: '该分组尚无已发布的条目。',
  entriesInGroup: '已发布条目',
  approvedBy: (name, date) => html`由 ${name} 于 ${date} 审核通过`,
  revision: (n) => `第 ${n} 版`,
  contributors: '贡献者',
  citeThis: '引用本条目',
  download: '下载',
  publishedOn: (date) => html`发布于 ${date}`,
  resultsFor: (total, query) => html`“${query}”的搜索结果：${total} 条`,
  noResults: '没有与此搜索匹配的已发布条目。',
  emptyQuery: '请输入中文或英文关键词。',
  queryTooLong: `搜索内容过长：最多 ${MAX_SEARCH_QUERY_CHARS} 个字符。`,
  previous: '上一页',
  next: '下一页',
  notFound: '未找到',
  entryNotFound: '该条目不存在，或尚未发布。',
  groupNotFound: '此地址没有对应的知识分组。',
  pageNotFoundHelp: '请尝试搜索，或浏览各知识分组。',
  backToHub: '返回首页',
  feed: 'Atom 订阅',
  sitemap: '网站地图',
  workspace: '编者工作区',
  footerNote: '本站所有条目均经所属分组的审核员审核通过。',
};

export const SITE_TEXT: Record<SiteLang, SiteText> = { en, zh };

/** Dates as readers write them: "12 March 2025", "2025年3月12日" (UTC, so every replica renders the same page). */
export function formatDate(date: Date, lang: SiteLang): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
