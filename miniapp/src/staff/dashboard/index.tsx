import { Picker, Text, View } from '@tarojs/components';
import type { Department, Hall, StatsFigure, StatsOverview } from '@haizhu/shared-types';
import { type ReactNode, useState } from 'react';
import { getHalls } from '../../api/catalog';
import { getDepartments, getStatsOverview } from '../../api/stats';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { addDays, formatChineseDateTime, shanghaiToday } from '../../utils/datetime';
import { canChooseUnit, canSeeStats } from './access';
import { applicationsChart, hasApplications, hasRatings, hasWaits, satisfactionChart, waitsChart } from './charts';
import { F2Chart } from './F2Chart';
import { countsLine, formatValue } from './format';
import './index.scss';

type Preset = '7' | '30' | 'custom';
const PRESETS: { value: Preset; label: string }[] = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: 'custom', label: '自定义' },
];
/** The API's limit for one overview. */
const MAX_DAYS = 366;

interface Range {
  from: string;
  to: string;
}

function presetRange(preset: Exclude<Preset, 'custom'>, today: string): Range {
  return { from: addDays(today, -(Number(preset) - 1)), to: today };
}

const dayCount = (r: Range) => Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1;

function FigureCard({ f }: { f: StatsFigure }) {
  const counts = countsLine(f);
  return (
    <View className='hz-card stats-figure' data-testid='stats-figure' data-key={f.key} data-value={f.value === null ? 'null' : String(f.value)}>
      <Text className='stats-figure__name'>{f.name}</Text>
      <Text className={`stats-figure__value${f.value === null ? ' stats-figure__value--none' : ''}`} data-testid='stats-figure-value'>
        {formatValue(f)}
      </Text>
      {counts && (
        <Text className='stats-figure__counts' data-testid='stats-figure-counts'>
          {counts}
        </Text>
      )}
      <Text className='stats-figure__definition' data-testid='stats-figure-definition'>
        口径：{f.definition}
      </Text>
    </View>
  );
}

function Chip({ on, label, testId, code, onPick }: { on: boolean; label: string; testId: string; code: string; onPick(): void }) {
  return (
    <View className={`stats-chip${on ? ' stats-chip--on' : ''}`} data-testid={testId} data-code={code} data-on={on ? 'true' : 'false'} hoverClass='stats-chip--pressed' onClick={onPick}>
      <Text>{label}</Text>
    </View>
  );
}

function ChartCard({ title, note, testId, children, empty }: { title: string; note: string; testId: string; children: ReactNode; empty: boolean }) {
  return (
    <View className='hz-card stats-chart-card' data-testid={`${testId}-card`}>
      <Text className='hz-card__title'>{title}</Text>
      <Text className='stats-chart-card__note'>{note}</Text>
      {empty ? (
        <Text className='stats-chart-card__empty' data-testid={`${testId}-empty`}>
          所选时段没有数据
        </Text>
      ) : (
        children
      )}
    </View>
  );
}

/** A choice among `options`, '全区' / '全部部门' first, through the platform's selector. */
function UnitPicker<T>({ label, allLabel, options, value, nameOf, codeOf, testId, onPick }: { label: string; allLabel: string; options: T[]; value: string | null; nameOf(o: T): string; codeOf(o: T): string; testId: string; onPick(code: string | null): void }) {
  const names = [allLabel, ...options.map(nameOf)];
  const index = value ? options.findIndex((o) => codeOf(o) === value) + 1 : 0;
  const current = names[Math.max(0, index)] ?? allLabel;
  return (
    <View className='stats-unit'>
      <Text className='stats-unit__label'>{label}</Text>
      <Picker mode='selector' range={names} value={Math.max(0, index)} onChange={(e) => {
        const i = Number(e.detail.value);
        onPick(i === 0 ? null : codeOf(options[i - 1] as T));
      }}>
        <View className='stats-unit__box' data-testid={testId} data-value={value ?? ''}>
          <Text>{current}</Text>
          <Text className='stats-unit__arrow'>▾</Text>
        </View>
      </Picker>
    </View>
  );
}

function DatePick({ label, value, start, end, testId, onPick }: { label: string; value: string; start: string; end: string; testId: string; onPick(v: string): void }) {
  return (
    <View className='stats-unit'>
      <Text className='stats-unit__label'>{label}</Text>
      <Picker mode='date' value={value} start={start} end={end} onChange={(e) => onPick(String(e.detail.value))}>
        <View className='stats-unit__box' data-testid={testId} data-value={value}>
          <Text>{value}</Text>
          <Text className='stats-unit__arrow'>▾</Text>
        </View>
      </Picker>
    </View>
  );
}

/** The charts for the loaded figures. */
function Charts({ data }: { data: StatsOverview }) {
  const version = `${data.from}:${data.to}:${data.scope.hallId ?? ''}:${data.scope.departmentCode ?? ''}:${data.generatedAt}`;
  const s = data.series;
  return (
    <View data-testid='stats-charts'>
      <ChartCard title='每日办件量' note='蓝：网上申办（首次提交）；橙：大厅窗口办结的号' testId='stats-chart-applications' empty={!hasApplications(s)}>
        <F2Chart id='stats-canvas-applications' testId='stats-chart-applications' label='每日网上申办与大厅办理数量' spec={applicationsChart(s)} version={version} />
      </ChartCard>
      <ChartCard title='评价等级分布' note='计入满意率的评价，按五个等级' testId='stats-chart-satisfaction' empty={!hasRatings(s)}>
        <F2Chart id='stats-canvas-satisfaction' testId='stats-chart-satisfaction' label='各评价等级的数量' spec={satisfactionChart(s)} version={version} />
      </ChartCard>
      <ChartCard title='每日等候时长' note='取号到叫号的分钟数：平均与 P90' testId='stats-chart-waits' empty={!hasWaits(s)}>
        <F2Chart id='stats-canvas-waits' testId='stats-chart-waits' label='每日平均和 P90 等候分钟数' spec={waitsChart(s)} version={version} />
      </ChartCard>
    </View>
  );
}

/**
 * 统计看板: the district's figures for a range (近7天, 近30天 or chosen dates), for one hall and/or
 * department where the role allows choosing, each with its definition; charts of the series.
 */
export default function StatsDashboardPage() {
  const session = useStaffSession();
  const roles = session?.staff.roles ?? [];
  const allowed = canSeeStats(roles);
  const choosing = canChooseUnit(roles);
  const today = shanghaiToday();
  const [preset, setPreset] = useState<Preset>('30');
  const [custom, setCustom] = useState<Range>(() => presetRange('30', today));
  const [hallId, setHallId] = useState<string | null>(null);
  const [departmentCode, setDepartmentCode] = useState<string | null>(null);

  const range = preset === 'custom' ? custom : presetRange(preset, today);
  const key = session && allowed ? `${session.token}:${range.from}:${range.to}:${hallId ?? ''}:${departmentCode ?? ''}` : null;
  const overview = useResource(key, () => getStatsOverview({ ...range, hallId, departmentCode }));
  const halls = useResource<Hall[]>(session && choosing ? 'halls' : null, () => getHalls());
  const departments = useResource<Department[]>(session && choosing ? 'departments' : null, () => getDepartments());

  // Keep a custom range valid as either end moves: from ≤ to, at most MAX_DAYS days.
  const pickFrom = (from: string) => {
    const to = custom.to < from ? from : custom.to;
    setCustom(dayCount({ from, to }) > MAX_DAYS ? { from, to: addDays(from, MAX_DAYS - 1) } : { from, to });
  };
  const pickTo = (to: string) => {
    const from = custom.from > to ? to : custom.from;
    setCustom(dayCount({ from, to }) > MAX_DAYS ? { from: addDays(to, -(MAX_DAYS - 1)), to } : { from, to });
  };

  const data = overview.data;
  const scope = data?.scope;
  const header = session && allowed && (
    <View className='hz-card stats-controls' data-testid='stats-controls'>
      <Text className='stats-controls__label'>统计时段</Text>
      <View className='stats-chips'>
        {PRESETS.map((p) => (
          <Chip key={p.value} on={preset === p.value} label={p.label} code={p.value} testId='stats-range' onPick={() => setPreset(p.value)} />
        ))}
      </View>
      {preset === 'custom' && (
        <View className='stats-units'>
          <DatePick label='开始日期' value={custom.from} start='2020-01-01' end={today} testId='stats-from' onPick={pickFrom} />
          <DatePick label='结束日期' value={custom.to} start='2020-01-01' end={today} testId='stats-to' onPick={pickTo} />
        </View>
      )}
      <Text className='stats-controls__range' data-testid='stats-range-text'>
        {range.from} 至 {range.to}（{dayCount(range)} 天，北京时间）
      </Text>
      {choosing ? (
        <View className='stats-units'>
          <UnitPicker<Hall> label='大厅' allLabel='全区所有大厅' options={halls.data ?? []} value={hallId} nameOf={(h) => h.name} codeOf={(h) => h.id} testId='stats-hall' onPick={setHallId} />
          <UnitPicker<Department> label='部门' allLabel='全部部门' options={departments.data ?? []} value={departmentCode} nameOf={(d) => d.name} codeOf={(d) => d.code} testId='stats-department' onPick={setDepartmentCode} />
        </View>
      ) : (
        scope && (
          <Text className='stats-controls__scope' data-testid='stats-scope'>
            {[scope.hallName && `本大厅：${scope.hallName}`, scope.departmentName && `本部门：${scope.departmentName}`].filter(Boolean).join('；')}
          </Text>
        )
      )}
      {overview.loading && data && <Text className='stats-controls__updating'>正在更新…</Text>}
    </View>
  );

  const nothing = data ? data.figures.every((f) => f.value === null) : false;

  return (
    <PageShell
      name='staff-dashboard'
      requireLogin='staff'
      header={header || undefined}
      loading={allowed && overview.loading && !data}
      loadingText='正在统计…'
      error={data ? null : overview.error}
      onRetry={overview.reload}
      empty={
        !allowed
          ? { title: '您的岗位不能查看统计', description: '统计看板供区级管理员、大厅管理员和部门审核人员使用。', testId: 'stats-not-allowed' }
          : nothing
            ? { title: '所选时段没有可统计的数据', description: '换一个时段或单位看看。', testId: 'stats-empty' }
            : null
      }
    >
      {data && (
        <View data-testid='stats-overview' data-from={data.from} data-to={data.to}>
          <View className='stats-figures' data-testid='stats-figures'>
            {data.figures.map((f) => (
              <FigureCard key={f.key} f={f} />
            ))}
          </View>
          <Charts data={data} />
          <Text className='stats-footnote'>
            按大厅看：办件按承办大厅，排队和预约按所在大厅，评价按该大厅的现场服务和承办的办件；按部门看：按事项所属部门。统计于 {formatChineseDateTime(data.generatedAt)}。
          </Text>
        </View>
      )}
    </PageShell>
  );
}
