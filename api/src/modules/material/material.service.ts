import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import busboy from 'busboy';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { Platform } from '../../common/platform';
import { linkIsValid } from '../../common/signed-url';
import { type AllowedMime, SNIFF_BYTES, sniff } from './material.sniff';
import { DiskStorage, type FileStorage } from './material.storage';

/** An e-licence as the resident sees it: number masked. */
export interface LicenceView {
  type: string;
  name: string;
  number: string;
  issuer: string;
  issueDate: string | null;
  validTo: string | null;
  status: string;
  fetchedAt: string;
}

export interface LicenceInput {
  type: string;
  licenceId: string;
  name: string;
  number: string;
  issuer: string;
  issueDate: string | null;
  validTo: string | null;
  status: string;
}

const LICENCE_AAD = 'e_licences.number';

export interface FileView {
  id: string;
  sha256: string;
  size: number;
  mime: AllowedMime;
  name: string;
  inLibrary: boolean;
  libraryTitle: string | null;
  createdAt: string;
}

/**
 * Uploads (电子材料) and the personal library (一库共享): a file is checked by its content, hashed,
 * stored once, and can be reused in any later application by its owner — and only by them.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class MaterialService {
  @Inject()
  platform!: Platform;

  storage!: FileStorage;

  @Init()
  init(): void {
    this.storage = new DiskStorage(this.platform.config.files.dir);
  }

  /** Reads one multipart `file` part (plus optional `title` to keep it in the library). */
  async upload(ownerId: string, req: IncomingMessage): Promise<FileView> {
    if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
    }
    const id = newId('fil');
    const key = `${id.slice(-2)}/${id}`;
    const { maxBytes } = this.platform.config.files;
    const parsed = await new Promise<{ meta: StoredMeta; fields: Record<string, string> }>((resolve, reject) => {
      const fields: Record<string, string> = {};
      let stored: Promise<StoredMeta> | null = null;
      // WeChat and browsers send UTF-8 file names (身份证.jpg) without RFC 5987 encoding.
      const bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 5, fieldSize: 200 } });
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (name, stream, info) => {
        if (name !== 'file' || stored) {
          stream.resume();
          return;
        }
        stored = this.store(key, stream, info.filename);
        stored.catch(() => stream.resume());
      });
      bb.on('close', () => {
        if (!stored) return reject(new AppError('FILE_MISSING'));
        stored.then((meta) => resolve({ meta, fields }), reject);
      });
      bb.on('error', () => reject(new AppError('BAD_REQUEST', '上传内容格式不正确')));
      req.pipe(bb);
    }).catch(async (err: unknown) => {
      await this.storage.remove(key);
      throw err;
    });
    const title = parsed.fields.title?.trim().slice(0, 60) || null;
    const now = this.platform.clock.now();
    await this.platform.db
      .insertInto('material_files')
      .values({
        id,
        owner_id: ownerId,
        sha256: parsed.meta.sha256,
        size: parsed.meta.size,
        mime: parsed.meta.mime,
        storage_key: key,
        name: parsed.meta.name,
        library_title: title,
        saved_at: title ? now : null,
        created_at: now,
      })
      .execute();
    return this.view(ownerId, id);
  }

  /** A file's metadata, for its owner only (404 for anyone else). */
  async view(ownerId: string, id: string): Promise<FileView> {
    const row = await this.platform.db.selectFrom('material_files').selectAll().where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
    if (!row) throw notFound();
    return toView(row);
  }

  /** The content of the owner's file. */
  async open(ownerId: string, id: string): Promise<{ view: FileView; content: Readable }> {
    const row = await this.platform.db.selectFrom('material_files').selectAll().where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
    if (!row) throw notFound();
    return { view: toView(row), content: this.storage.read(row.storage_key) };
  }

  /** A file of `ownerId` (from their library when `fromLibrary`), for use as an application's material. */
  async usableFile(ownerId: string, id: string, fromLibrary = false): Promise<FileView> {
    const file = await this.view(ownerId, id);
    if (fromLibrary && !file.inLibrary) throw notFound();
    return file;
  }

  /** Any file's metadata, for the department gateway describing a case's materials. */
  async fileMeta(id: string): Promise<FileView> {
    const row = await this.platform.db.selectFrom('material_files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return toView(row);
  }

  /** Any resident's file, for staff reviewing a case it belongs to (the caller audits the view). */
  async openForReview(id: string): Promise<{ view: FileView; content: Readable }> {
    const row = await this.platform.db.selectFrom('material_files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return { view: toView(row), content: this.storage.read(row.storage_key) };
  }

  /** A file by the presigned link given to a department (see dept-gateway's fileUrl). */
  async openByLink(id: string, expires: number, sig: string): Promise<{ view: FileView; content: Readable }> {
    if (!linkIsValid(this.platform.config.exchange.fileUrlKey, id, expires, sig, this.platform.clock.now().getTime())) throw notFound();
    return this.openForReview(id);
  }

  /** Keeps an uploaded file in the personal library under a title, for reuse. */
  async saveToLibrary(ownerId: string, id: string, title: string): Promise<FileView> {
    const res = await this.platform.db
      .updateTable('material_files')
      .set({ library_title: title, saved_at: this.platform.clock.now() })
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    if (!Number(res.numUpdatedRows)) throw notFound();
    return this.view(ownerId, id);
  }

  async library(ownerId: string): Promise<FileView[]> {
    const rows = await this.platform.db
      .selectFrom('material_files')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .where('saved_at', 'is not', null)
      .orderBy('saved_at', 'desc')
      .execute();
    return rows.map(toView);
  }

  /** Keeps (or refreshes) an e-licence fetched from its department. */
  async saveLicence(ownerId: string, l: LicenceInput): Promise<LicenceView> {
    const row = {
      owner_id: ownerId,
      licence_type: l.type,
      licence_id: l.licenceId,
      name: l.name,
      number_enc: this.platform.cipher.encrypt(l.number, LICENCE_AAD),
      issuer: l.issuer,
      issue_date: l.issueDate,
      valid_to: l.validTo,
      status: l.status,
      fetched_at: this.platform.clock.now(),
    };
    const { owner_id: _o, licence_type: _t, ...rest } = row;
    await this.platform.db.insertInto('e_licences').values(row).onConflict((oc) => oc.columns(['owner_id', 'licence_type']).doUpdateSet(rest)).execute();
    return (await this.licences(ownerId)).find((x) => x.type === l.type) as LicenceView;
  }

  /** A licence the resident fetched, still valid today: only such a licence replaces a material (免提交). */
  async hasUsableLicence(ownerId: string, type: string): Promise<boolean> {
    const row = await this.platform.db.selectFrom('e_licences').select(['status', 'valid_to']).where('owner_id', '=', ownerId).where('licence_type', '=', type).executeTakeFirst();
    if (!row || row.status !== 'VALID') return false;
    return row.valid_to === null || row.valid_to >= shanghaiDate(this.platform.clock.now());
  }

  async licences(ownerId: string): Promise<LicenceView[]> {
    const rows = await this.platform.db.selectFrom('e_licences').selectAll().where('owner_id', '=', ownerId).orderBy('fetched_at', 'desc').execute();
    return rows.map((r) => {
      const number = this.platform.cipher.decrypt(r.number_enc, LICENCE_AAD);
      return {
        type: r.licence_type,
        name: r.name,
        number: number.length > 6 ? `${number.slice(0, 3)}${'*'.repeat(number.length - 6)}${number.slice(-3)}` : '***',
        issuer: r.issuer,
        issueDate: r.issue_date,
        validTo: r.valid_to,
        status: r.status,
        fetchedAt: toShanghaiIso(r.fetched_at),
      };
    });
  }

  /** Hashes, counts and sniffs the stream on its way to storage; refuses wrong types and sizes. */
  private async store(key: string, stream: Readable & { truncated?: boolean }, filename: string): Promise<StoredMeta> {
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let mime: AllowedMime | null = null;
    const check = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        if (!mime) {
          head = Buffer.concat([head, chunk]);
          if (head.length < SNIFF_BYTES && size < SNIFF_BYTES) return done();
          mime = sniff(head);
          if (!mime) return done(new AppError('FILE_TYPE_NOT_ALLOWED'));
          chunk = head;
        }
        done(null, chunk);
      },
      flush(done) {
        if (!mime) return done(new AppError(size ? 'FILE_TYPE_NOT_ALLOWED' : 'FILE_MISSING'));
        done();
      },
    });
    let tooLarge = false;
    stream.on('limit', () => {
      tooLarge = true;
      check.destroy(new AppError('FILE_TOO_LARGE', `文件不能超过 ${sizeLabel(this.platform.config.files.maxBytes)}`));
    });
    // The transform may fail before storage has attached to it; its error still reaches write().
    check.on('error', () => undefined);
    stream.pipe(check);
    await this.storage.write(key, check);
    if (tooLarge) throw new AppError('FILE_TOO_LARGE');
    return { sha256: hash.digest('hex'), size, mime: mime as unknown as AllowedMime, name: safeName(filename) };
  }
}

interface StoredMeta {
  sha256: string;
  size: number;
  mime: AllowedMime;
  name: string;
}

function toView(row: { id: string; sha256: string; size: number; mime: string; name: string; library_title: string | null; saved_at: Date | null; created_at: Date }): FileView {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    mime: row.mime as AllowedMime,
    name: row.name,
    inLibrary: !!row.saved_at,
    libraryTitle: row.library_title,
    createdAt: toShanghaiIso(row.created_at),
  };
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MB` : `${Math.floor(bytes / 1024)} KB`;
}

/** A display name only: path parts and control characters removed, length capped. */
function safeName(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const printable = Array.from(base).filter((c) => c.charCodeAt(0) >= 0x20 && !'<>:"|?*'.includes(c));
  return printable.join('').slice(0, 100) || '未命名文件';
}

