import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenResident } from '../../../test/support/scenario';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 32)]);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ FILE_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'haizhu-files-')), FILE_MAX_MB: '0.01' });
});
afterAll(async () => {
  await t.close();
});

describe('uploads', () => {
  it('stores a PNG with its SHA-256, sniffed type and size, and gives it back to its owner only', async () => {
    const r = await givenResident(t);
    const res = await t.http().post('/api/v1/files').set(r.auth).attach('file', PNG, { filename: 'id-front.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^fil_/), sha256: createHash('sha256').update(PNG).digest('hex'), size: PNG.length, mime: 'image/png', name: 'id-front.pdf' });

    const content = await t.http().get(`/api/v1/files/${res.body.id}/content`).set(r.auth).buffer(true).parse((resp, cb) => {
      const chunks: Buffer[] = [];
      resp.on('data', (c: Buffer) => chunks.push(c));
      resp.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(content.body as Buffer, PNG)).toBe(0);

    const other = await givenResident(t);
    expect((await t.http().get(`/api/v1/files/${res.body.id}`).set(other.auth)).status).toBe(404);
    expect((await t.http().get(`/api/v1/files/${res.body.id}/content`).set(other.auth)).status).toBe(404);
  });

  it('keeps a Chinese file name as the resident sent it (UTF-8, no RFC 5987 encoding)', async () => {
    const r = await givenResident(t);
    const res = await t.http().post('/api/v1/files').set(r.auth).attach('file', PNG, { filename: '身份证正面.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('身份证正面.png');
  });

  it('takes a path in the file name as a name only: it is stored under our own key, shown without the path', async () => {
    const r = await givenResident(t);
    const res = await t.http().post('/api/v1/files').set(r.auth).attach('file', PNG, { filename: '..\\..\\../etc/passwd.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('passwd.png');
    const row = await t.platform.db.selectFrom('material_files').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('..');
    const back = await t.http().get(`/api/v1/files/${res.body.id}/content`).set(r.auth);
    expect(back.status).toBe(200);
    expect(Buffer.compare(back.body as Buffer, PNG)).toBe(0);
  });

  it('refuses a file whose content is not an image or PDF, whatever its name says (415)', async () => {
    const r = await givenResident(t);
    const res = await t.http().post('/api/v1/files').set(r.auth).attach('file', Buffer.from('MZ\x90\x00 pretend exe'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', message: expect.stringContaining('PDF') });
  });

  it('refuses a file over the size limit (413) and keeps nothing of it', async () => {
    const r = await givenResident(t);
    const big = Buffer.concat([PDF, Buffer.alloc(20_000, 1)]);
    const res = await t.http().post('/api/v1/files').set(r.auth).attach('file', big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    const rows = await t.platform.db.selectFrom('material_files').select('id').where('owner_id', '=', r.id).execute();
    expect(rows).toEqual([]);
  });

  it('answers a missing file part and a non-multipart body clearly', async () => {
    const r = await givenResident(t);
    const none = await t.http().post('/api/v1/files').set(r.auth).field('title', '身份证');
    expect([none.status, none.body.code]).toEqual([400, 'FILE_MISSING']);
    const json = await t.http().post('/api/v1/files').set(r.auth).send({ file: 'x' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await t.http().post('/api/v1/files').attach('file', PDF, 'a.pdf')).status).toBe(401);
  });

  it('keeps files in the personal library for reuse', async () => {
    const r = await givenResident(t);
    const kept = await t.http().post('/api/v1/files').set(r.auth).field('title', '户口簿首页').attach('file', PDF, 'hukou.pdf');
    const plain = await t.http().post('/api/v1/files').set(r.auth).attach('file', PNG, 'x.png');
    let library = await t.http().get('/api/v1/me/library').set(r.auth);
    expect(library.body.items.map((f: { id: string }) => f.id)).toEqual([kept.body.id]);
    await t.http().post('/api/v1/me/library').set(r.auth).send({ fileId: plain.body.id, title: '银行卡' });
    library = await t.http().get('/api/v1/me/library').set(r.auth);
    expect(library.body.items.map((f: { libraryTitle: string }) => f.libraryTitle).sort()).toEqual(['户口簿首页', '银行卡']);
    const other = await givenResident(t);
    expect((await t.http().post('/api/v1/me/library').set(other.auth).send({ fileId: plain.body.id, title: '偷' })).status).toBe(404);
  });
});
