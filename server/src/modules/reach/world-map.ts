import { readFileSync } from 'node:fs';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { lazyEsm } from '../../common/esm-import';
import type { SiteLang } from '../publishing/site-context';
import { html, type SafeHtml } from '../publishing/views/html';
import { alpha2OfNumeric, countryName } from './country-names';

/**
 * The world map of /reach: a choropleth drawn on the server as SVG (no script):
 * world-atlas' 1:110m countries (TopoJSON, ISO numeric ids) projected once with
 * d3-geo's Equal Earth projection into path strings, then coloured per render
 * by readers. Shading uses presentation attributes (fill), which the public
 * site's strict CSP allows, and each country carries a <title>.
 */
const WIDTH = 960;
const HEIGHT = 470;
/** Light to dark: 0 readers, then five classes on a log scale of the largest count. */
const NO_READERS = '#e8ecef';
const SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

interface CountryShape {
  /** ISO 3166-1 alpha-2, or null for shapes without one (disputed areas): drawn grey, never counted. */
  code: string | null;
  d: string;
}

const loadD3Geo = lazyEsm(() => import('d3-geo'));
let shapes: Promise<CountryShape[]> | null = null;

async function project(): Promise<CountryShape[]> {
  const { geoEqualEarth, geoPath } = await loadD3Geo();
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology<{ countries: GeometryCollection }>;
  const world = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], world);
  const path = geoPath(projection).digits(1);
  return world.features.flatMap((f) => {
    const d = path(f);
    return d ? [{ code: f.id === undefined ? null : alpha2OfNumeric(String(f.id)), d }] : [];
  });
}

/** The countries' shapes, projected on first use. */
function countryShapes(): Promise<CountryShape[]> {
  shapes ??= project().catch((err: unknown) => {
    shapes = null;
    throw err;
  });
  return shapes;
}

export function shadeOf(readers: number, max: number): string {
  if (readers <= 0 || max <= 0) return NO_READERS;
  const share = Math.log1p(readers) / Math.log1p(max);
  return SHADES[Math.min(SHADES.length - 1, Math.floor(share * SHADES.length))];
}

/** The map's SVG: readers by alpha-2 code; `label` names it for screen readers (the table beside it has the numbers). */
export async function worldMap(readersByCountry: Map<string, number>, lang: SiteLang, label: string, readersWord: string): Promise<SafeHtml> {
  const max = Math.max(0, ...readersByCountry.values());
  const paths = (await countryShapes()).map((s) => {
    const readers = s.code ? (readersByCountry.get(s.code) ?? 0) : 0;
    const name = s.code ? countryName(s.code, lang) : '';
    return html`<path d="${s.d}" fill="${shadeOf(readers, max)}" stroke="#ffffff" stroke-width="0.5"${s.code ? html` data-country="${s.code}"` : ''}>${name ? html`<title>${name}: ${readers} ${readersWord}</title>` : ''}</path>`;
  });
  return html`<svg class="reach-map" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${paths}</svg>`;
}
