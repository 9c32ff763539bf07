/// <reference types="node" />
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files worth compressing (source maps are fetched by developers only). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;
const MIN_BYTES = 1_024;

/**
 * Writes `<file>.br` and `<file>.gz` beside every built text asset, at the
 * strongest levels (once per build), for the server to send by content
 * negotiation instead of compressing per request.
 */
export function precompress(): Plugin {
  return {
    name: 'knowledge-hub-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      await Promise.all(
        Object.keys(bundle)
          .filter((name) => COMPRESSIBLE.test(name))
          .map(async (name) => {
            const file = path.join(dir, name);
            const source = await fs.readFile(file);
            if (source.length < MIN_BYTES) return;
            const params = { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length };
            await fs.writeFile(`${file}.br`, await brotli(source, { params }));
            await fs.writeFile(`${file}.gz`, await gz(source, { level: 9 }));
          }),
      );
    },
  };
}
