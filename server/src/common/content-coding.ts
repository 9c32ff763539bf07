/** Compressed codings the server sends (public answers, the workspace's precompressed assets). */
export type ContentCoding = 'br' | 'gzip';

/** The coding to send for an Accept-Encoding header: br, else gzip, else none (`q=0` refuses one). */
export function negotiateCoding(header: string | undefined): ContentCoding | null {
  if (!header) return null;
  let gzip = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === 'x-gzip') gzip = true;
  }
  return gzip ? 'gzip' : null;
}
