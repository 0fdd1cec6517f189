import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BASE_URL, type Browser, fullScreenshot, goto, openBrowser, screenshot, visible } from './support/browser';

/*
 * The 民生服务超市 in the H5 build, against the seeded catalogue (the stack's seed imports
 * api/src/modules/catalog/seed/catalogue.json). The items are named by code; what the pages should
 * show is read from the same file, so a reworded guide doesn't break the suite.
 */

interface SeedMaterial {
  code: string;
  name: string;
  whenOptions?: string[];
}
interface SeedItem {
  itemCode: string;
  name: string;
  aliases?: string[];
  guide: { legalDays: number | null; promisedDays: number | null };
  materials: SeedMaterial[];
  situations?: { code: string; question: string; options: { code: string; label: string }[] }[];
}
interface SeedBundle {
  code: string;
  name: string;
  itemCodes: string[];
}

interface SeedHall {
  id: string;
  address: string | null;
  windows: { kind: string }[];
  demo: string[];
}

const CATALOGUE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'api', 'src', 'modules', 'catalog', 'seed', 'catalogue.json'), 'utf8')) as {
  items: SeedItem[];
  bundles: SeedBundle[];
  halls: SeedHall[];
};

function seedItem(code: string): SeedItem {
  const item = CATALOGUE.items.find((i) => i.itemCode === code);
  if (!item) throw new Error(`seed item ${code} is missing from catalogue.json`);
  return item;
}

/** 社会保障卡补领、换领、换发: its alias 社保卡补换 has the initials sbk…; three situation questions. */
const SS_CARD = seedItem('HZ-AD02');
/** 退休一件事 (three items). */
const RETIREMENT = CATALOGUE.bundles.find((b) => b.code === 'HZ-YJS03');
/** The district hall: 延时/错时 service (demonstration values) and all three kinds of window. */
const DISTRICT_HALL = CATALOGUE.halls.find((h) => h.id === 'HZ-DIST');

/** A material asked for under answer `yes` to the first question and not under `no`. */
function dependsOnFirstAnswer(item: SeedItem, yes: string, no: string): SeedMaterial {
  const first = new Set(item.situations?.[0]?.options.map((o) => o.code));
  const m = item.materials.find((x) => {
    const when = x.whenOptions ?? [];
    return when.length > 0 && when.every((o) => first.has(o)) && when.includes(yes) && !when.includes(no);
  });
  if (!m) throw new Error(`${item.itemCode} has no material that depends on answering ${yes} rather than ${no}`);
  return m;
}

function material(page: Page, code: string) {
  return page.locator(`[data-testid="material"][data-code="${code}"]:visible`);
}

async function typeInto(page: Page, testId: string, value: string): Promise<void> {
  await visible(page, testId).locator('input').first().fill(value);
}

async function answer(page: Page, progress: string, option: string): Promise<void> {
  await expect(visible(page, 'situation-progress').textContent()).resolves.toContain(progress);
  await page.locator(`[data-testid="situation-option"][data-code="${option}"]:visible`).click();
}

let b: Browser;
beforeEach(async () => {
  b = await openBrowser();
});
afterEach(async () => {
  await b.close();
});

describe('the 民生服务超市 in the H5 build', () => {
  it('finds an item by its pinyin initials, says why it matched, and opens its guide', async () => {
    const { page } = b;
    await goto(page, '/');
    await visible(page, 'home-tile-supermarket').click();
    await visible(page, 'market-life-events').waitFor();
    await expect(visible(page, 'home-tile-supermarket').isVisible()).resolves.toBe(false);
    await visible(page, 'market-search').click();
    await visible(page, 'page-search').waitFor();

    await typeInto(page, 'search-input', 'sbk');
    // Suggestions arrive as the resident types, before any button is pressed.
    await visible(page, 'search-suggestion').waitFor();
    await expect(page.locator('[data-testid="search-suggestion-name"]:visible').allTextContents()).resolves.toContain(SS_CARD.name);
    await fullScreenshot(page, 'catalog-01-search-suggestions', 'search');

    await visible(page, 'search-submit').click();
    const card = page.locator(`[data-testid="item-card"][data-code="${SS_CARD.itemCode}"]:visible`);
    await card.waitFor();
    await expect(card.locator('[data-testid="item-card-matched"]').textContent()).resolves.toContain('拼音首字母');
    await expect(card.textContent()).resolves.toMatch(/零跑动|最多跑\d次/);
    await fullScreenshot(page, 'catalog-02-search-results', 'search');

    await card.click();
    await visible(page, 'page-item').waitFor();
    await expect(visible(page, 'item-name').textContent()).resolves.toBe(SS_CARD.name);
  });

  it('answers a search that finds nothing with other words to try and the 12345 hotline', async () => {
    const { page } = b;
    await goto(page, '/pages/search/index');
    await typeInto(page, 'search-input', '火星移民登记');
    await visible(page, 'search-submit').click();
    const empty = visible(page, 'search-empty');
    await empty.waitFor();
    await expect(empty.textContent()).resolves.toContain('火星移民登记');
    await expect(page.locator('[data-testid="search-example"]:visible').count()).resolves.toBeGreaterThan(0);
    await visible(page, 'search-hotline').waitFor();
    await fullScreenshot(page, 'catalog-03-search-empty', 'search');
  });

  it('shows the guide: material badges, promised against legal time, demo values marked, and 预约办理 leading to booking', async () => {
    const { page } = b;
    await goto(page, `/pages/item/index?code=${SS_CARD.itemCode}`);
    const materials = visible(page, 'guide-materials');
    await materials.waitFor();
    await expect(materials.locator('[data-testid="material-badge-form"]').count()).resolves.toBeGreaterThan(0);
    await expect(materials.locator('[data-testid="material-badge-elicence"]').first().textContent()).resolves.toBe('电子证照免提交');
    await expect(materials.locator('[data-testid="material"]').count()).resolves.toBe(SS_CARD.materials.length);

    const { legalDays, promisedDays } = SS_CARD.guide;
    if (legalDays === null || promisedDays === null) throw new Error('the test item needs published time limits');
    const time = visible(page, 'guide-time');
    await expect(time.locator('[data-testid="guide-promised-days"]').textContent()).resolves.toContain(`${promisedDays}个工作日`);
    await expect(time.locator('[data-testid="guide-legal-days"]').textContent()).resolves.toContain(`${legalDays}个工作日`);
    const percent = Math.round(((legalDays - promisedDays) / legalDays) * 100);
    await expect(time.locator('[data-testid="guide-speed-up"]').textContent()).resolves.toContain(`比法定时限快 ${percent}%`);
    // guide.promisedDays is demonstration data in the seed: it must never read as official.
    await expect(time.locator('[data-testid="demo-note"]').first().textContent()).resolves.toBe('示例数据，以窗口告知为准');
    await fullScreenshot(page, 'catalog-04-item-guide', 'item');

    // 预约办理 opens the booking flow for this item.
    await visible(page, 'item-action-book').click();
    await visible(page, 'page-book').waitFor();
    expect(page.url()).toContain(`itemCode=${SS_CARD.itemCode}`);
    await screenshot(page, 'catalog-05-booking-from-guide');
  });

  it('runs the situational guide: a material appears or disappears with the answer', async () => {
    const { page } = b;
    const questions = SS_CARD.situations ?? [];
    const [lost, damaged] = questions[0]?.options.map((o) => o.code) ?? [];
    if (!lost || !damaged) throw new Error(`${SS_CARD.itemCode} needs a first situation question with two options`);
    const lostOnly = dependsOnFirstAnswer(SS_CARD, lost, damaged);
    const damagedOnly = dependsOnFirstAnswer(SS_CARD, damaged, lost);
    // The later questions get the same answers both times: only the first answer differs.
    const rest = questions.slice(1).map((q) => q.options[q.options.length - 1]?.code ?? '');

    await goto(page, `/pages/item/index?code=${SS_CARD.itemCode}`);
    await visible(page, 'item-situation-button').click();
    await visible(page, 'page-situation').waitFor();

    await answer(page, `第1/${questions.length}题`, lost);
    for (const [i, option] of rest.entries()) await answer(page, `第${i + 2}/${questions.length}题`, option);
    await visible(page, 'situation-result').waitFor();
    await expect(material(page, lostOnly.code).count()).resolves.toBe(1);
    await expect(material(page, damagedOnly.code).count()).resolves.toBe(0);
    await fullScreenshot(page, 'catalog-06-situation-lost', 'situation');

    await visible(page, 'situation-restart').click();
    await answer(page, `第1/${questions.length}题`, damaged);
    for (const [i, option] of rest.entries()) await answer(page, `第${i + 2}/${questions.length}题`, option);
    await visible(page, 'situation-result').waitFor();
    await expect(material(page, damagedOnly.code).count()).resolves.toBe(1);
    await expect(material(page, lostOnly.code).count()).resolves.toBe(0);
    await fullScreenshot(page, 'catalog-07-situation-damaged', 'situation');
  });

  it('opens a 一件事 with its member items and one merged list of materials', async () => {
    const { page } = b;
    if (!RETIREMENT) throw new Error('seed bundle HZ-YJS03 is missing from catalogue.json');
    const detail = (await (await fetch(`${BASE_URL}/api/v1/bundles/${RETIREMENT.code}`)).json()) as { materials: { itemCodes: string[] }[] };

    await goto(page, '/pages/services/index');
    await page.locator(`[data-testid="market-bundle"][data-code="${RETIREMENT.code}"]:visible`).click();
    await visible(page, 'page-bundle').waitFor();
    await expect(visible(page, 'bundle-name').textContent()).resolves.toBe(RETIREMENT.name);

    const members = visible(page, 'bundle-items').locator('[data-testid="item-card"]');
    await expect(members.count()).resolves.toBe(RETIREMENT.itemCodes.length);
    const names = await visible(page, 'bundle-items').locator('[data-testid="item-card-name"]').allTextContents();
    expect(names.sort()).toEqual(RETIREMENT.itemCodes.map((c) => seedItem(c).name).sort());

    const merged = visible(page, 'bundle-materials');
    await expect(merged.locator('[data-testid="material"]').count()).resolves.toBe(detail.materials.length);
    const shared = detail.materials.filter((m) => m.itemCodes.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    await expect(merged.locator('[data-testid="material-badge-shared"]').first().textContent()).resolves.toMatch(/^共用于\d+个事项$/);
    await fullScreenshot(page, 'catalog-08-bundle', 'bundle');

    await members.first().click();
    await visible(page, 'page-item').waitFor();
  });

  it('lists the halls by level, then shows one with its hours, 延时/错时 service and windows', async () => {
    const { page } = b;
    if (!DISTRICT_HALL) throw new Error('seed hall HZ-DIST is missing from catalogue.json');
    await goto(page, '/pages/services/index');
    await visible(page, 'market-halls').click();
    await visible(page, 'page-halls').waitFor();
    for (const level of ['district', 'branch', 'street']) await visible(page, `halls-group-${level}`).waitFor();
    await fullScreenshot(page, 'catalog-09-halls', 'halls');

    await page.locator(`[data-testid="hall-row"][data-code="${DISTRICT_HALL.id}"]:visible`).click();
    await visible(page, 'page-hall').waitFor();
    // Without an official address the page says where to look instead of inventing one.
    await expect(visible(page, 'hall-address').textContent()).resolves.toContain(DISTRICT_HALL.address ?? '地址以大厅公告为准');
    await expect(visible(page, 'hall-hours-weekdays').textContent()).resolves.toMatch(/\d{2}:\d{2}-\d{2}:\d{2}/);
    const delayedNote = visible(page, 'hall-delayed').locator('[data-testid="demo-note"]');
    await expect(delayedNote.count()).resolves.toBe(DISTRICT_HALL.demo.some((d) => d === 'extendedHours' || d === 'extendedHours.delayed') ? 1 : 0);
    const kinds = await page.locator('[data-testid="hall-window-group"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['consult', 'accept', 'deliver'].filter((k) => DISTRICT_HALL.windows.some((w) => w.kind === k)));
    await fullScreenshot(page, 'catalog-10-hall', 'hall');
  });

  it('shows the guide in elder mode with large text and tall buttons', async () => {
    const { page } = b;
    await goto(page, '/');
    await visible(page, 'elder-mode-switch').click();
    await page.locator('[data-testid="page-index"].elder:visible').waitFor();

    await goto(page, `/pages/item/index?code=${SS_CARD.itemCode}`);
    await page.locator('[data-testid="page-item"].elder:visible').waitFor();
    await visible(page, 'guide-materials').waitFor();
    const sizes = await page.evaluate(() => {
      const shown = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)].find((e) => e.offsetParent !== null);
      const px = (sel: string) => {
        const el = shown(sel);
        return el ? parseFloat(getComputedStyle(el).fontSize) : 0;
      };
      const height = (sel: string) => shown(sel)?.getBoundingClientRect().height ?? 0;
      return {
        name: px('[data-testid="item-name"]'),
        material: px('[data-testid="material-name"]'),
        badge: px('[data-testid="material-badge-form"]'),
        demoNote: px('[data-testid="demo-note"]'),
        book: height('[data-testid="item-action-book"]'),
        situation: height('[data-testid="item-situation-button"]'),
      };
    });
    expect(sizes.name).toBeGreaterThanOrEqual(24);
    expect(sizes.material).toBeGreaterThanOrEqual(18);
    expect(sizes.badge).toBeGreaterThanOrEqual(18);
    expect(sizes.demoNote).toBeGreaterThanOrEqual(18);
    expect(sizes.book).toBeGreaterThanOrEqual(56);
    expect(sizes.situation).toBeGreaterThanOrEqual(56);
    await screenshot(page, 'catalog-11-item-elder-top');
    await fullScreenshot(page, 'catalog-12-item-elder', 'item');
  });
});
