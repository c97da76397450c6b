/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
const field = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvOf = (header: string[], rows: unknown[][]): string =>
  [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';

/** Offers `content` as a file download. */
export function download(fileName: string, content: string | Blob, type = 'text/csv'): void {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The browser resolves the blob URL when the download starts, which on a busy machine can be seconds after
  // the click: revoked sooner, the download silently never starts (seen in the browser test at load 44).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
