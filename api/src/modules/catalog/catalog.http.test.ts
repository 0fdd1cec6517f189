import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueFile } from '@haizhu/shared-types';
import { AuditService } from '../audit';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { givenCatalogue } from '../../../test/support/catalogue';
import { givenResident, givenStaff } from '../../../test/support/scenario';

let t: TestApp;
let admin: { auth: { Authorization: string } };
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT: '4mb' });
  admin = await givenStaff(t, ['district_admin']);
});
afterAll(async () => {
  await t.close();
});

async function importFile(file: object) {
  return t.http().post('/api/v1/staff/catalog/import').set(admin.auth).send(file);
}

describe('catalogue import and reading', () => {
  it('imports a catalogue file and serves items, guides, bundles and halls from it', async () => {
    const { file, tag } = givenCatalogue();
    const res = await importFile(file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: 2, newVersions: 2, bundles: 1, halls: 1 });

    const item = await t.http().get(`/api/v1/items/T-${tag}-1`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      itemCode: `T-${tag}-1`,
      version: 1,
      departmentName: `测试人社局${tag}`,
      legalDays: 20,
      promisedDays: 5,
      speedUpPercent: 75,
      maxVisits: 0,
      fee: { free: true },
      conditions: ['在本区参保'],
      halls: [{ id: `T-${tag}-HALL`, level: 'district' }],
      bundles: [{ code: `T-${tag}-B` }],
    });
    expect(item.body.materials[0]).toMatchObject({ name: '居民身份证', eLicenceType: 'id_card', deficiencyAllowed: false });
    expect(item.body.materials[1]).toMatchObject({ deficiencyAllowed: true, deficiencyWay: '5个工作日内补交' });

    const bundle = await t.http().get(`/api/v1/bundles/T-${tag}-B`);
    expect(bundle.body.items.map((i: { itemCode: string }) => i.itemCode)).toEqual([`T-${tag}-1`, `T-${tag}-2`]);
    const idCard = bundle.body.materials.filter((m: { eLicenceType: string | null }) => m.eLicenceType === 'id_card');
    expect(idCard).toEqual([expect.objectContaining({ name: '居民身份证', itemCodes: [`T-${tag}-1`, `T-${tag}-2`] })]);

    const hall = await t.http().get(`/api/v1/halls/T-${tag}-HALL`);
    expect(hall.body).toMatchObject({ level: 'district', windows: [{ code: 'A01', kind: 'accept' }], categories: [{ code: 'social_security' }], demo: ['extendedHours'] });
    expect((await t.http().get('/api/v1/halls/NOPE')).status).toBe(404);
    expect((await t.http().get('/api/v1/items/NOPE')).status).toBe(404);
  });

  it('filters by department, mode and life event, and pages with a cursor', async () => {
    const { file, tag } = givenCatalogue();
    await importFile(file);
    const byDept = await t.http().get(`/api/v1/items?department=T-${tag}-RS&limit=1`);
    expect(byDept.body.items).toHaveLength(1);
    const next = await t.http().get(`/api/v1/items?department=T-${tag}-RS&limit=1&cursor=${byDept.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    expect(next.body.items[0].itemCode).not.toBe(byDept.body.items[0].itemCode);
    const byEvent = await t.http().get(`/api/v1/items?lifeEvent=t-${tag}-birth&mode=online`);
    expect(byEvent.body.items).toHaveLength(2);
    const bad = await t.http().get('/api/v1/items?mode=teleport');
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields).toHaveProperty('mode');
  });

  it('rejects a file with a dangling reference, naming it, and writes nothing', async () => {
    const { file, tag } = givenCatalogue();
    file.bundles = [{ code: `T-${tag}-B`, name: 'x', itemCodes: [`T-${tag}-1`, 'DOES-NOT-EXIST'] }];
    const res = await importFile(file);
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual({ 'bundles.0.itemCodes.1': expect.stringContaining('DOES-NOT-EXIST') });
    expect((await t.http().get(`/api/v1/items/T-${tag}-1`)).status).toBe(404);
  });

  it('lets only district admins import and publish', async () => {
    const window = await givenStaff(t, ['hall_window']);
    const { file } = givenCatalogue();
    expect((await t.http().post('/api/v1/staff/catalog/import').set(window.auth).send(file)).status).toBe(403);
    const resident = await givenResident(t);
    expect((await t.http().post('/api/v1/staff/catalog/import').set(resident.auth).send(file)).status).toBe(403);
  });
});

describe('versioned guide edits', () => {
  it('publishes a new version, keeps the old one readable and audits the change', async () => {
    const { file, tag } = givenCatalogue();
    await importFile(file);
    const code = `T-${tag}-1`;
    const current = (await t.http().get(`/api/v1/items/${code}`)).body;
    const edited = { ...file.items[0], guide: { ...file.items[0]?.guide, promisedDays: 3 } };

    const res = await t.http().put(`/api/v1/staff/items/${code}`).set(admin.auth).send({ item: edited, changeNote: '承诺时限压缩为3个工作日' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: current.version + 1, guide: { promisedDays: 3 } });

    expect((await t.http().get(`/api/v1/items/${code}`)).body).toMatchObject({ promisedDays: 3, speedUpPercent: 85 });
    expect((await t.http().get(`/api/v1/items/${code}?version=${current.version}`)).body).toMatchObject({ promisedDays: 5, version: current.version });
    const versions = await t.http().get(`/api/v1/items/${code}/versions`);
    expect(versions.body.items[0]).toMatchObject({ version: current.version + 1, changeNote: '承诺时限压缩为3个工作日', publishedBy: expect.stringMatching(/^stf_/) });

    const audit = await t.app.getApplicationContext().getAsync(AuditService);
    const trail = await audit.trailOf('service_item', code);
    expect(trail.map((r) => r.action)).toEqual(['catalog.item_published']);
  });

  it('refuses changing the item code or an unknown department', async () => {
    const { file, tag } = givenCatalogue();
    await importFile(file);
    const code = `T-${tag}-1`;
    const renamed = await t.http().put(`/api/v1/staff/items/${code}`).set(admin.auth).send({ item: { ...file.items[0], itemCode: 'OTHER' }, changeNote: '改编码' });
    expect(renamed.status).toBe(400);
    const badDept = await t.http().put(`/api/v1/staff/items/${code}`).set(admin.auth).send({ item: { ...file.items[0], departmentCode: 'NOPE' }, changeNote: '改部门' });
    expect(badDept.body.details.fields).toHaveProperty(['item.departmentCode']);
    expect((await t.http().get(`/api/v1/items/${code}/versions`)).body.items).toHaveLength(1);
  });
});

describe('export', () => {
  it('round-trips: an exported catalogue imports again without creating new versions', async () => {
    const { file, tag } = givenCatalogue();
    await importFile(file);
    const exported = await t.http().get('/api/v1/staff/catalog/export').set(admin.auth);
    expect(exported.status).toBe(200);
    const parsed = catalogueFile.parse(exported.body);
    const mine = parsed.items.find((i) => i.itemCode === `T-${tag}-2`);
    expect(mine?.situations[0]?.options.map((o) => o.code)).toEqual(['self', 'agent']);
    expect(parsed.halls.find((h) => h.id === `T-${tag}-HALL`)?.windows).toHaveLength(1);

    const again = await importFile(exported.body);
    expect(again.status).toBe(200);
    expect(again.body.newVersions).toBe(0);
  });
});

describe('search', () => {
  it('finds by Chinese, pinyin initials and the synonym table, and suggests names', async () => {
    const { file, tag } = givenCatalogue();
    await importFile(file);
    const byName = await t.http().get(`/api/v1/items?q=${encodeURIComponent(`测试生育津贴申领${tag}`)}`);
    expect(byName.body.items[0]).toMatchObject({ itemCode: `T-${tag}-1`, matchedBy: '名称' });
    const bySynonym = await t.http().get(`/api/v1/items?q=${encodeURIComponent(`生娃${tag}`)}`);
    expect(bySynonym.body.items[0]).toMatchObject({ itemCode: `T-${tag}-1`, matchedBy: `同义词“生娃${tag.toLowerCase()}”` });
    const suggest = await t.http().get(`/api/v1/items/suggest?q=${encodeURIComponent(`测试出生登记${tag}`)}`);
    expect(suggest.body.items[0]).toBe(`测试出生登记${tag}`);
    const none = await t.http().get(`/api/v1/items?q=${encodeURIComponent('完全不存在的东西qqq')}`);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('search over the seeded catalogue', () => {
  beforeAll(async () => {
    const seed = JSON.parse(readFileSync(join(__dirname, 'seed', 'catalogue.json'), 'utf8'));
    expect((await importFile(seed)).status).toBe(200);
  });

  const names = async (q: string): Promise<string[]> => {
    const res = await t.http().get(`/api/v1/items?q=${encodeURIComponent(q)}&limit=5`);
    expect(res.status).toBe(200);
    return res.body.items.map((i: { name: string }) => i.name);
  };

  it('finds 社保卡 items by the pinyin initials sbk', async () => {
    const found = await names('shbzk');
    expect(found.some((n) => n.includes('社会保障卡'))).toBe(true);
  });

  it('maps 生孩子 to 生育 and 出生 items', async () => {
    const found = await names('生孩子');
    expect(found.some((n) => n.includes('生育'))).toBe(true);
    expect(found.some((n) => n.includes('出生'))).toBe(true);
  });

  it('maps 退休金 to 养老金 items and 社保卡丢了 to 挂失/补换', async () => {
    expect((await names('退休金')).some((n) => n.includes('养老'))).toBe(true);
    const lost = await names('社保卡丢了');
    expect(lost.slice(0, 2).every((n) => n.includes('社会保障卡'))).toBe(true);
  });

  it('ranks the exact item first for its full name', async () => {
    expect((await names('失业保险金申领'))[0]).toBe('失业保险金申领');
  });

  it('loads the 37 社保 items, the other items, 5 bundles and the 20 halls', async () => {
    const halls = await t.http().get('/api/v1/halls');
    expect(halls.body.items.filter((h: { id: string }) => h.id.startsWith('HZ-'))).toHaveLength(20);
    const bundles = await t.http().get('/api/v1/bundles');
    expect(bundles.body.items.filter((b: { code: string }) => b.code.startsWith('HZ-YJS'))).toHaveLength(5);
    const market = await t.http().get('/api/v1/market');
    expect(market.body.lifeEvents.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['birth', 'retirement', 'death', 'ss_card']));
  });
});
