/**
 * Files the exchange hands out through short-lived download URLs (`GET /f/{token}`): licence
 * renditions (§6, URL valid ≤ 5 min) and case result documents.
 */
import { randomBytes } from 'node:crypto';

import type { Runtime } from './runtime';

export const LICENSE_URL_TTL_MS = 5 * 60_000;
export const DOCUMENT_URL_TTL_MS = 7 * 86_400_000;

export interface PublishedFile {
  url: string;
  expiresAt: number;
}

/** Stores `bytes` under a fresh unguessable token; the URL answers 404 once the simulator clock passes `expiresAt`. */
export function publishFile(rt: Runtime, bytes: Buffer, mimeType: string, ttlMs: number): PublishedFile {
  const token = randomBytes(18).toString('base64url');
  const expiresAt = rt.state.now() + ttlMs;
  rt.state.downloads.set(token, { bytes, mimeType, expiresAt });
  return { url: `${rt.baseUrl()}/f/${token}`, expiresAt };
}

/** A minimal one-page PDF showing ASCII `lines` (enough for a viewer to open; the content is synthetic). */
export function simplePdf(lines: readonly string[]): Buffer {
  const escape = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const stream = ['BT', '/F1 12 Tf', '72 760 Td', '16 TL', ...lines.map((line) => `(${escape(line)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
