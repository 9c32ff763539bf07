import type { SiteLang } from '../publishing/site-context';

/** The reach page's strings and the hub's line, in English and Chinese. */
export interface ReachText {
  title: string;
  intro: string;
  allTime: string;
  last30Days: string;
  readers: string;
  countries: string;
  country: string;
  mapLabel(readers: number, countries: number): string;
  byCountry: string;
  topEntries: string;
  topDatasets: string;
  /** Reports by the readers who started playing them. */
  topReports: string;
  none: string;
  since(day: string): string;
  privacy: string;
  geoCredit: string;
  /** The hub's line: "N readers from M countries". */
  hubLine(readers: number, countries: number): string;
  seeReach: string;
}

const n = (value: number, lang: SiteLang) => value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

export const REACH_TEXT: Record<SiteLang, ReachText> = {
  en: {
    title: 'Reach',
    intro: 'How many people read this hub, and from where. Readers are counted once a day, without cookies and without keeping any address.',
    allTime: 'All time',
    last30Days: 'Last 30 days',
    readers: 'Readers',
    countries: 'Countries',
    country: 'Country',
    mapLabel: (r, c) => `World map of readers by country: ${n(r, 'en')} readers from ${n(c, 'en')} countries`,
    byCountry: 'Readers by country',
    topEntries: 'Most read entries',
    topDatasets: 'Most read datasets',
    topReports: 'Most played reports',
    none: 'Nothing counted yet.',
    since: (day) => `Counted since ${day}.`,
    privacy:
      'A reader is a keyed hash of address and browser with a salt that changes every day and is never kept past it; addresses are not stored; bots, signed-in staff and browsers sending Do Not Track or Global Privacy Control are not counted.',
    geoCredit: 'IP Geolocation by DB-IP',
    hubLine: (r, c) => `${n(r, 'en')} ${r === 1 ? 'reader' : 'readers'} from ${n(c, 'en')} ${c === 1 ? 'country' : 'countries'}`,
    seeReach: 'Reach',
  },
  zh: {
    title: '读者分布',
    intro: '本站有多少读者、来自哪里。读者每天只计一次，不使用 Cookie，也不保存任何地址。',
    allTime: '全部时间',
    last30Days: '最近 30 天',
    readers: '读者',
    countries: '国家和地区',
    country: '国家或地区',
    mapLabel: (r, c) => `读者分布世界地图：来自 ${n(c, 'zh')} 个国家和地区的 ${n(r, 'zh')} 位读者`,
    byCountry: '按国家和地区',
    topEntries: '阅读最多的条目',
    topDatasets: '阅读最多的数据集',
    topReports: '播放最多的报告',
    none: '尚无统计。',
    since: (day) => `自 ${day} 起统计。`,
    privacy:
      '读者以地址和浏览器的加盐哈希识别，盐每天更换且当天之后不再保留；不保存地址；不统计爬虫、已登录的工作人员以及发送“请勿跟踪”或“全球隐私控制”信号的浏览器。',
    geoCredit: 'IP 地理定位：DB-IP',
    hubLine: (r, c) => `来自 ${n(c, 'zh')} 个国家和地区的 ${n(r, 'zh')} 位读者`,
    seeReach: '读者分布',
  },
};
