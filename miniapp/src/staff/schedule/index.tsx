import { Picker, Text, View } from '@tarojs/components';
import { scheduleBody, type Hall } from '@haizhu/shared-types';
import { useState } from 'react';
import { type ApiError, toApiError } from '../../api/errors';
import { openSchedule, type ScheduleResult } from '../../api/staffQueue';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { EmptyState, PageShell } from '../../components/PageShell';
import { useStaffSession } from '../../store/session';
import { timeRanges } from '../../utils/catalog';
import { addDays, fullDate, monthDay, shanghaiToday, weekdayOf } from '../../utils/datetime';
import { scrollToTop } from '../../utils/scroll';
import { HallPicker, useStaffHall } from '../HallPicker';
import { canSchedule } from '../roles';
import './index.scss';

const SLOT_CHOICES = [15, 20, 30, 60] as const;
type Field = 'from' | 'to' | 'category' | 'slotMinutes' | 'capacity';

/** Shows a switch's state; the whole row is the tap target. */
function Toggle({ on }: { on: boolean }) {
  return (
    <View className={`schedule-toggle${on ? ' schedule-toggle--on' : ''}`}>
      <View className='schedule-toggle__knob' />
    </View>
  );
}

function DateRow({ label, value, start, onChange, testId, error }: { label: string; value: string; start: string; onChange(v: string): void; testId: string; error?: string }) {
  return (
    <View className='schedule-field'>
      <Text className='schedule-field__label'>{label}</Text>
      <Picker mode='date' value={value} start={start} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='schedule-date' data-testid={testId} data-value={value} hoverClass='schedule-date--pressed'>
          <Text>{fullDate(value)}</Text>
          <Text className='schedule-date__change'>修改</Text>
        </View>
      </Picker>
      {error && (
        <Text className='hz-form-error' data-testid={`${testId}-error`}>
          {error}
        </Text>
      )}
    </View>
  );
}

function ScheduleForm({ hall }: { hall: Hall }) {
  const tomorrow = addDays(shanghaiToday(), 1);
  const [from, setFrom] = useState(tomorrow);
  const [to, setTo] = useState(addDays(tomorrow, 13));
  const [category, setCategory] = useState<string | null>(hall.categories[0]?.code ?? null);
  const [slotMinutes, setSlotMinutes] = useState<number>(30);
  const [capacity, setCapacity] = useState('4');
  const [includeDelayed, setIncludeDelayed] = useState(false);
  const [includeWeekend, setIncludeWeekend] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<(ScheduleResult & { from: string; to: string; categoryName: string }) | null>(null);

  const submit = async () => {
    if (pending) return;
    setError(null);
    setResult(null);
    const body = { from, to, category: category ?? '', slotMinutes, capacity: Number(capacity), includeDelayed, includeWeekend };
    const parsed = scheduleBody.safeParse(body);
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const f = issue.path[0] as Field;
        if (!found[f]) found[f] = f === 'capacity' && !/^\d+$/.test(capacity) ? '请填写每个时段可预约的人数' : f === 'category' ? '请选择业务' : issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const res = await openSchedule(hall.id, body);
      setResult({ ...res, from, to, categoryName: hall.categories.find((c) => c.code === category)?.name ?? category ?? '' });
      // The result sits above the form: bring it into view.
      scrollToTop();
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      setErrors(err.fieldErrors as Partial<Record<Field, string>>);
    } finally {
      setPending(false);
    }
  };

  const ext = hall.extendedHours;
  return (
    <View>
      {result && (
        <View className='hz-card' data-testid='schedule-result'>
          <Text className='hz-card__title'>放号完成</Text>
          <Text className='schedule-result__main' data-testid='schedule-created'>
            新开放 {result.created} 个时段
          </Text>
          <Text className='hz-card__text'>
            {result.categoryName}，{monthDay(result.from)}至{monthDay(result.to)}。
            {result.created === 0 ? '这些日期的时段之前已经放过，未重复放号。' : ''}
          </Text>
          {result.skippedDays.length > 0 && (
            <View data-testid='schedule-skipped'>
              <Text className='schedule-result__label'>以下{result.skippedDays.length}天不放号（节假日或未选错时服务的周末）：</Text>
              <View className='schedule-chips'>
                {result.skippedDays.map((d) => (
                  <Text key={d} className='hz-tag hz-tag--plain schedule-result__day'>
                    {monthDay(d)} {weekdayOf(d)}
                  </Text>
                ))}
              </View>
            </View>
          )}
        </View>
      )}
      <View className='hz-card' data-testid='schedule-form'>
        <Text className='hz-card__title'>按模板放号</Text>
        <Text className='hz-card__text'>
          工作日按办公时间（{timeRanges(hall.hours.weekdays.length ? hall.hours.weekdays : [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }])}
          ）切成时段；法定节假日自动跳过，调休上班日照常放号。已放过的时段不会重复。
        </Text>

        <DateRow label='开始日期' value={from} start={tomorrow} onChange={setFrom} testId='schedule-from' error={errors.from} />
        <DateRow label='结束日期' value={to} start={from} onChange={setTo} testId='schedule-to' error={errors.to} />

        <View className='schedule-field'>
          <Text className='schedule-field__label'>业务</Text>
          <View className='schedule-chips'>
            {hall.categories.map((c) => (
              <View
                key={c.code}
                className={`schedule-chip${category === c.code ? ' schedule-chip--on' : ''}`}
                data-testid='schedule-category'
                data-code={c.code}
                data-selected={category === c.code ? 'true' : 'false'}
                onClick={() => setCategory(c.code)}
              >
                <Text>{c.name}</Text>
              </View>
            ))}
          </View>
          {errors.category && <Text className='hz-form-error'>{errors.category}</Text>}
        </View>

        <View className='schedule-field'>
          <Text className='schedule-field__label'>每个时段</Text>
          <View className='schedule-chips'>
            {SLOT_CHOICES.map((m) => (
              <View
                key={m}
                className={`schedule-chip${slotMinutes === m ? ' schedule-chip--on' : ''}`}
                data-testid='schedule-minutes'
                data-code={String(m)}
                data-selected={slotMinutes === m ? 'true' : 'false'}
                onClick={() => setSlotMinutes(m)}
              >
                <Text>{m}分钟</Text>
              </View>
            ))}
          </View>
          {errors.slotMinutes && <Text className='hz-form-error'>{errors.slotMinutes}</Text>}
        </View>

        <FormField label='每个时段可约人数' value={capacity} onChange={setCapacity} type='number' maxlength={3} error={errors.capacity} testId='schedule-capacity' />

        {ext.delayed && (
          <View className='schedule-switch' data-testid='schedule-delayed' data-checked={includeDelayed ? 'true' : 'false'} onClick={() => setIncludeDelayed(!includeDelayed)}>
            <View className='schedule-switch__label'>
              <Text className='schedule-switch__title'>延时服务</Text>
              <Text className='schedule-switch__desc'>工作日下班后 {timeRanges([ext.delayed])}</Text>
            </View>
            <Toggle on={includeDelayed} />
          </View>
        )}
        {ext.weekend.length > 0 && (
          <View className='schedule-switch' data-testid='schedule-weekend' data-checked={includeWeekend ? 'true' : 'false'} onClick={() => setIncludeWeekend(!includeWeekend)}>
            <View className='schedule-switch__label'>
              <Text className='schedule-switch__title'>错时服务</Text>
              <Text className='schedule-switch__desc'>周末 {timeRanges(ext.weekend)}（节假日除外）</Text>
            </View>
            <Toggle on={includeWeekend} />
          </View>
        )}
        {!ext.delayed && ext.weekend.length === 0 && <Text className='hz-card__text'>本大厅未登记延时或错时服务。</Text>}

        {error && !Object.keys(error.fieldErrors).length && (
          <View className='hz-alert' data-testid='schedule-error'>
            {error.message}
          </View>
        )}
        <BigButton onClick={() => void submit()} loading={pending} loadingText='正在放号…' testId='schedule-submit'>
          放号
        </BigButton>
      </View>

    </View>
  );
}

/** 放号管理 for hall_admin (own hall) and district_admin (any hall). */
export default function StaffSchedulePage() {
  const session = useStaffSession();
  const allowed = canSchedule(session?.staff.roles ?? []);
  const staffHall = useStaffHall();

  return (
    <PageShell
      name='staff-schedule'
      requireLogin='staff'
      loading={allowed && staffHall.halls.loading && !staffHall.halls.data}
      error={staffHall.halls.data ? null : staffHall.halls.error}
      onRetry={staffHall.halls.reload}
      empty={!allowed ? { title: '您的账号不能放号', description: '放号由大厅管理员或区级管理员操作。', testId: 'schedule-forbidden' } : null}
    >
      {staffHall.hall ? (
        <View>
          <View className='schedule-hall'>
            <Text className='schedule-hall__name' data-testid='schedule-hall'>
              {staffHall.hall.name}
            </Text>
            {staffHall.canChoose && (
              <Text className='schedule-hall__change' onClick={() => staffHall.choose(null)} data-testid='schedule-change-hall'>
                更换大厅
              </Text>
            )}
          </View>
          <ScheduleForm key={staffHall.hall.id} hall={staffHall.hall} />
        </View>
      ) : staffHall.halls.data && staffHall.canChoose ? (
        <HallPicker halls={staffHall.halls.data} onPick={staffHall.choose} testId='schedule-hall-pick' />
      ) : (
        staffHall.halls.data && <EmptyState title='找不到您所属的大厅' description='请联系区级管理员核对账号所属大厅。' testId='schedule-no-hall' />
      )}
    </PageShell>
  );
}
