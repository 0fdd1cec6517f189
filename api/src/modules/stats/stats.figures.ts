import type { StatsFigure, StatsFigureKey } from '@haizhu/shared-types';

type FigureText = Pick<StatsFigure, 'name' | 'unit' | 'countUnit' | 'definition'>;

/**
 * What each figure is called and exactly what it counts, shown beside the number on the
 * dashboard. The words follow how the district reports (海政务办函〔2018〕23号: 网上全流程办理率,
 * 到现场办理次数不超过 1 次, 零跑动, 承诺时限比法定时限节约…个工作日、整体提速率) and the
 * 好差评 rules (../shared/data/evaluation-rules.md).
 */
export const FIGURES: Record<StatsFigureKey, FigureText> = {
  onlineRate: {
    name: '网上办理率',
    unit: '%',
    countUnit: '件',
    definition: '网上申办的办件数 ÷（网上申办的办件数 + 大厅窗口办理完毕的排队号数）。办件按首次提交日期计（补正后再提交不重复计）；到大厅办理的业务以当天窗口办结的号计。',
  },
  zeroVisitRate: {
    name: '零跑动率',
    unit: '%',
    countUnit: '件',
    definition: '办结的办件中，申请人一次都不用到大厅的比例：结果电子送达、快递寄送或无结果可领（不予许可），且不需交纸质原件（原件类材料都用电子证照免提交）或原件已由快递上门取走。按办结日期计。',
  },
  atMostOneVisitRate: {
    name: '最多跑一次率',
    unit: '%',
    countUnit: '件',
    definition: '办结的办件中，到大厅不超过 1 次的比例。到厅次数 = 需本人送交纸质原件（未经快递上门取件）记 1 次 + 到窗口领取结果记 1 次。按办结日期计。',
  },
  speedUpRate: {
    name: '承诺时限压缩率',
    unit: '%',
    countUnit: '个工作日',
    definition: '受理的办件按各自事项的时限合计：（法定时限 − 承诺时限）÷ 法定时限，单位为工作日，即比法定时限节约的工作日占法定时限的比例。只计同时公布了两种时限的事项，按受理日期计。',
  },
  onTimeRate: {
    name: '按时办结率',
    unit: '%',
    countUnit: '件',
    definition: '作出审批决定（通过或不予许可）的办件中，决定日期不晚于承诺办结日期的比例，即实际用时未超过承诺时限。按决定日期计。',
  },
  satisfactionRate: {
    name: '满意率',
    unit: '%',
    countUnit: '条',
    definition: '（非常满意 + 满意 + 基本满意）÷ 计入的全部评价。办结 7 天未评价默认“基本满意”的计入；经申诉复核认定为恶意评价而剔除的不计。按评价日期计。',
  },
  badRectifiedRate: {
    name: '差评整改率',
    unit: '%',
    countUnit: '条',
    definition: '差评（不满意、非常不满意）中已整改或解释说明、并已回访（或评价人已评价整改结果）的比例；申诉后待重新处理的不算。按差评日期计，整改情况截至统计时。',
  },
  averageWaitMinutes: {
    name: '平均等候时长',
    unit: '分钟',
    countUnit: '个号',
    definition: '已被叫号的排队号，从取号（预约的为签到取号；过号后重新排队的从重新排队起）到叫号的平均分钟数。按取号日期计。',
  },
  p90WaitMinutes: {
    name: '等候时长 P90',
    unit: '分钟',
    countUnit: '个号',
    definition: '同平均等候时长的口径，90% 的号在这个时长内被叫到（第 90 百分位，连续插值）。',
  },
  noShowRate: {
    name: '爽约率',
    unit: '%',
    countUnit: '个预约',
    definition: '预约时段已结束的预约（不含已取消的）中，未签到而记为爽约的比例。按预约日期计。',
  },
};
