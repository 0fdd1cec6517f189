import { randomBytes } from 'node:crypto';
import type { CatalogueFile, ServiceItemInput } from '@haizhu/shared-types';

/** A small catalogue with codes unique to this call, so tests sharing a database don't collide. */
export function givenCatalogue(overrides: { items?: (tag: string) => ServiceItemInput[] } = {}): { file: CatalogueFile; tag: string } {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const dept = `T-${tag}-RS`;
  const item = (n: number, name: string, extra: Partial<ServiceItemInput> = {}): ServiceItemInput => ({
    itemCode: `T-${tag}-${n}`,
    name,
    departmentCode: dept,
    category: '社保',
    lifeEvents: [`t-${tag}-birth`],
    modes: ['online', 'one_visit'],
    guide: {
      conditions: ['在本区参保'],
      process: [{ step: '申请', description: '线上提交' }],
      legalDays: 20,
      promisedDays: 5,
      fee: { free: true, description: '不收费' },
      maxVisits: 0,
      places: [{ hallId: `T-${tag}-HALL`, description: '综合受理窗口' }],
    },
    materials: [
      { code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' },
      { code: 'bank', name: '本人银行卡', form: 'copy', deficiencyAllowed: true, deficiencyWay: '5个工作日内补交' },
    ],
    onlineApply: true,
    ...extra,
  });
  const items = overrides.items?.(tag) ?? [
    item(1, `测试生育津贴申领${tag}`, { aliases: [`测试生育待遇${tag}`], popularity: 10 }),
    item(2, `测试出生登记${tag}`, {
      situations: [{ code: 'who', question: '谁来办理？', options: [{ code: 'self', label: '本人' }, { code: 'agent', label: '他人代办' }] }],
      materials: [
        { code: 'id', name: '居民身份证', form: 'original', eLicenceType: 'id_card' },
        { code: 'proxy', name: '授权委托书', form: 'original', whenOptions: ['agent'] },
      ],
    }),
  ];
  return {
    tag,
    file: {
      format: 'haizhu-catalogue/v1',
      departments: [{ code: dept, name: `测试人社局${tag}` }],
      lifeEvents: [{ code: `t-${tag}-birth`, name: '生育' }],
      items,
      bundles: [{ code: `T-${tag}-B`, name: `测试出生一件事${tag}`, itemCodes: items.slice(0, 2).map((i) => i.itemCode) }],
      halls: [
        {
          id: `T-${tag}-HALL`,
          name: `测试政务服务中心${tag}`,
          level: 'district',
          hours: { weekdays: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
          extendedHours: { delayed: { start: '17:00', end: '18:30' } },
          windows: [{ code: 'A01', name: '综合受理1号', kind: 'accept' }],
          categories: [{ code: 'social_security', name: '社保业务' }],
          demo: ['extendedHours'],
        },
      ],
      synonyms: [{ term: `生娃${tag}`, expandsTo: [`测试生育津贴${tag}`] }],
    },
  };
}
