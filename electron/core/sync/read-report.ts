import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './change-file-writer.js';
import { signText, verifyText, type DeviceKey, type PinnedKeys } from './device-keys.js';
import { deviceIdPattern } from './sync-event.js';
import type { UnreadableFile } from './unreadable-files.js';
import { listFolder, readUntrustedFile } from './untrusted-file.js';

/*
 * How a device learns that others could not read its files. Each device
 * keeps, in its own subfolder, a small signed report of the other devices'
 * files it could not read and that their writer could mend (damaged, or cut
 * short for longer than a sync engine needs). Every round a device reads the
 * others' reports and writes again, under a new name, the events of each of
 * its own files named there (file-repair.ts). A report can only make a device
 * rewrite files of its own, so a forged one costs a rewrite, nothing more.
 *
 *   {"format":"demarc-read-report/1","device":"…","bytes":123,"sha256":"…","key":"…","signature":"…"}
 *   {"files":[{"device":"…","name":"00000007-3fa9c2d1.changes","reason":"the checksum does not match"}]}
 */

export const readReportName = 'read-report.json';
const format = 'demarc-read-report/1';
const maxReportBytes = 256 * 1024;
/** More than any one device lists (the unreadable list keeps 500). */
const maxEntries = 500;

const entrySchema = z.object({ device: z.string().regex(deviceIdPattern), name: z.string().min(1).max(300), reason: z.string().max(500) }).strict();
const bodySchema = z.object({ files: z.array(entrySchema).max(maxEntries) }).strict();
const headerSchema = z.object({ format: z.literal(format), device: z.string().regex(deviceIdPattern), bytes: z.number().int().min(0), sha256: z.string(), key: z.string(), signature: z.string() }).strict();

export type ReportedFile = z.infer<typeof entrySchema>;

const signed = (h: { device: string; bytes: number; sha256: string; key: string }) => [format, h.device, h.bytes, h.sha256, h.key].join('\n');

/**
 * Writes this device's report of the files it could not read and that their
 * writers can mend; removes it when there are none. Written only when it
 * changes, so an idle round gives the sync engine nothing to carry.
 */
export function writeReadReport(dir: string, device: string, key: DeviceKey, unreadable: readonly UnreadableFile[]): void {
  const files: ReportedFile[] = unreadable
    .filter((f) => f.repairable && f.device !== device)
    .slice(0, maxEntries)
    .map((f) => ({ device: f.device, name: f.name, reason: f.reason.slice(0, 500) }));
  const file = path.join(dir, readReportName);
  if (files.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  const body = JSON.stringify({ files });
  const current = readUntrustedFile(file, maxReportBytes);
  if (current.ok && decode(current.bytes)?.body === body) return;
  const header = { format, device, bytes: Buffer.byteLength(body), sha256: sha256(body), key: key.publicKey };
  writeFileAtomically(file, `${JSON.stringify({ ...header, signature: signText(key, signed(header)) })}\n${body}\n`);
}

/**
 * The other devices' reports that name files of `device`: each read bounded
 * and through no link, and taken only when signed by its device's pinned key
 * (or by the key it carries, for a device whose change files were not read yet).
 */
export function reportsAbout(folder: string, device: string, pins: PinnedKeys): { reporter: string; file: ReportedFile }[] {
  const out: { reporter: string; file: ReportedFile }[] = [];
  for (const reporter of listFolder(folder).folders) {
    if (reporter === device || !deviceIdPattern.test(reporter)) continue;
    const read = readUntrustedFile(path.join(folder, reporter, readReportName), maxReportBytes);
    if (!read.ok) continue;
    const decoded = decode(read.bytes);
    if (!decoded || decoded.header.device !== reporter) continue;
    const pinned = pins.pinned(reporter);
    if (pinned !== null && pinned !== decoded.header.key) continue;
    let parsed: z.infer<typeof bodySchema>;
    try {
      const result = bodySchema.safeParse(JSON.parse(decoded.body));
      if (!result.success) continue;
      parsed = result.data;
    } catch {
      continue;
    }
    for (const file of parsed.files) if (file.device === device) out.push({ reporter, file });
  }
  return out;
}

function decode(bytes: Buffer): { header: z.infer<typeof headerSchema>; body: string } | null {
  const text = bytes.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  let header: z.infer<typeof headerSchema>;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(text.slice(0, newline)));
    if (!parsed.success) return null;
    header = parsed.data;
  } catch {
    return null;
  }
  const body = text.slice(newline + 1).replace(/\n$/, '');
  if (Buffer.byteLength(body) !== header.bytes || sha256(body) !== header.sha256) return null;
  if (!verifyText(header.key, signed(header), header.signature)) return null;
  return { header, body };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
