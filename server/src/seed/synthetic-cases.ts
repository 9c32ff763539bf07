import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A SYNTHETIC daily case-count dataset for the demo hub (issue 12): the shape
 * of a real COVID-19 table (one row per country and day from 2020-01-22 to
 * 2023-03-09; new cases, deaths and tests), but every number is made up by a
 * seeded generator — epidemic waves of random timing and height per country,
 * a weekly reporting rhythm, deaths following cases with a falling fatality
 * ratio, testing growing over time. Nothing is downloaded, and the same
 * arguments always give the same bytes.
 */

export const SYNTHETIC_FIRST_DAY = '2020-01-22';
export const SYNTHETIC_LAST_DAY = '2023-03-09';
export const SYNTHETIC_COLUMNS = ['date', 'country', 'cases', 'deaths', 'tests'] as const;

/** 200 country and territory names (only names: the numbers next to them are invented). */
// biome-ignore format: a table, ten names a line
export const SYNTHETIC_COUNTRIES = [
  'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Antigua and Barbuda', 'Argentina', 'Armenia', 'Australia', 'Austria',
  'Azerbaijan', 'Bahamas', 'Bahrain', 'Bangladesh', 'Barbados', 'Belarus', 'Belgium', 'Belize', 'Benin', 'Bhutan',
  'Bolivia', 'Bosnia and Herzegovina', 'Botswana', 'Brazil', 'Brunei', 'Bulgaria', 'Burkina Faso', 'Burundi', 'Cabo Verde', 'Cambodia',
  'Cameroon', 'Canada', 'Central African Republic', 'Chad', 'Chile', 'China', 'Colombia', 'Comoros', 'Congo', 'Costa Rica',
  "Côte d'Ivoire", 'Croatia', 'Cuba', 'Cyprus', 'Czechia', 'Democratic Republic of the Congo', 'Denmark', 'Djibouti', 'Dominica', 'Dominican Republic',
  'Ecuador', 'Egypt', 'El Salvador', 'Equatorial Guinea', 'Eritrea', 'Estonia', 'Eswatini', 'Ethiopia', 'Fiji', 'Finland',
  'France', 'Gabon', 'Gambia', 'Georgia', 'Germany', 'Ghana', 'Greece', 'Grenada', 'Guatemala', 'Guinea',
  'Guinea-Bissau', 'Guyana', 'Haiti', 'Honduras', 'Hong Kong', 'Hungary', 'Iceland', 'India', 'Indonesia', 'Iran',
  'Iraq', 'Ireland', 'Israel', 'Italy', 'Jamaica', 'Japan', 'Jordan', 'Kazakhstan', 'Kenya', 'Kiribati',
  'Kosovo', 'Kuwait', 'Kyrgyzstan', 'Laos', 'Latvia', 'Lebanon', 'Lesotho', 'Liberia', 'Libya', 'Liechtenstein',
  'Lithuania', 'Luxembourg', 'Macao', 'Madagascar', 'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands',
  'Mauritania', 'Mauritius', 'Mexico', 'Micronesia', 'Moldova', 'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique',
  'Myanmar', 'Namibia', 'Nauru', 'Nepal', 'Netherlands', 'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Macedonia',
  'Norway', 'Oman', 'Pakistan', 'Palau', 'Palestine', 'Panama', 'Papua New Guinea', 'Paraguay', 'Peru', 'Philippines',
  'Poland', 'Portugal', 'Qatar', 'Romania', 'Russia', 'Rwanda', 'Saint Kitts and Nevis', 'Saint Lucia', 'Saint Vincent and the Grenadines', 'Samoa',
  'San Marino', 'Sao Tome and Principe', 'Saudi Arabia', 'Senegal', 'Serbia', 'Seychelles', 'Sierra Leone', 'Singapore', 'Slovakia', 'Slovenia',
  'Solomon Islands', 'Somalia', 'South Africa', 'South Korea', 'South Sudan', 'Spain', 'Sri Lanka', 'Sudan', 'Suriname', 'Sweden',
  'Switzerland', 'Syria', 'Taiwan', 'Tajikistan', 'Tanzania', 'Thailand', 'Timor-Leste', 'Togo', 'Tonga', 'Trinidad and Tobago',
  'Tunisia', 'Turkey', 'Turkmenistan', 'Tuvalu', 'Uganda', 'Ukraine', 'United Arab Emirates', 'United Kingdom', 'United States', 'Uruguay',
  'Uzbekistan', 'Vanuatu', 'Vatican', 'Venezuela', 'Vietnam', 'Yemen', 'Zambia', 'Zimbabwe', 'Greenland', 'Puerto Rico',
];

const DAY_MS = 86_400_000;

/** Days from SYNTHETIC_FIRST_DAY to SYNTHETIC_LAST_DAY, inclusive (1,143). */
export function syntheticDays(): string[] {
  const first = Date.parse(`${SYNTHETIC_FIRST_DAY}T00:00:00Z`);
  const last = Date.parse(`${SYNTHETIC_LAST_DAY}T00:00:00Z`);
  const out: string[] = [];
  for (let t = first; t <= last; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** mulberry32: a small seeded generator, so the dataset is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Weekly reporting rhythm: fewer reports at weekends (index 0 = Sunday). */
const WEEKDAY_FACTOR = [0.6, 1.1, 1.15, 1.1, 1.05, 1.0, 0.7];

/** One country's rows: `[date, cases, deaths, tests]` for each day. */
function countryRows(index: number, days: string[]): [string, number, number, number][] {
  const rand = random(0x5eed + index * 7_919);
  const size = 10 ** (3 + rand() * 3.5); // peak daily cases: 1k … 3M
  const waves = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => ({
    centre: 40 + rand() * (days.length - 80),
    width: 12 + rand() * 45,
    height: 0.15 + rand() * 0.85,
  }));
  const fatality = 0.01 + rand() * 0.03;
  const testsPerCase = 5 + rand() * 40;
  const start = Math.floor(rand() * 60); // first day a case is reported
  const cases: number[] = days.map((date, d) => {
    if (d < start) return 0;
    const level = waves.reduce((sum, w) => sum + w.height * Math.exp(-(((d - w.centre) / w.width) ** 2)), 0);
    const weekday = WEEKDAY_FACTOR[new Date(`${date}T00:00:00Z`).getUTCDay()];
    return Math.max(0, Math.round(size * level * weekday * (0.85 + rand() * 0.3)));
  });
  return days.map((date, d) => {
    const lagged = d >= 14 ? cases[d - 14] : 0;
    // Fatality falls over the period (treatment, vaccines, more testing).
    const ratio = fatality * (1 - 0.8 * (d / days.length));
    const deaths = Math.round(lagged * ratio * (0.8 + rand() * 0.4));
    const tests = d < start ? 0 : Math.round((cases[d] + size * 0.01) * testsPerCase * (0.5 + d / days.length));
    return [date, cases[d], deaths, tests];
  });
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes the CSV (header, then rows by country and date) to `path`; returns
 * the number of data rows. `countries` limits it to the first n countries.
 */
export async function writeSyntheticCasesCsv(path: string, countries = SYNTHETIC_COUNTRIES.length): Promise<number> {
  const days = syntheticDays();
  const out = createWriteStream(path, { encoding: 'utf8' });
  let rows = 0;
  let chunk = `${SYNTHETIC_COLUMNS.join(',')}\n`;
  for (const [index, name] of SYNTHETIC_COUNTRIES.slice(0, countries).entries()) {
    const country = csvField(name);
    for (const [date, cases, deaths, tests] of countryRows(index, days)) {
      chunk += `${date},${country},${cases},${deaths},${tests}\n`;
      rows++;
    }
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
  out.end(chunk);
  await once(out, 'finish');
  return rows;
}

/** Run as a script: `node server/dist/seed/synthetic-cases.js out.csv [countries]` writes the CSV. */
if (require.main === module) {
  const [path, n] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: synthetic-cases <out.csv> [countries]\n');
    process.exit(2);
  }
  writeSyntheticCasesCsv(path, n ? Number(n) : undefined).then((rows) => process.stdout.write(`${rows} rows written to ${path}\n`));
}
