import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HALL_LEVELS, HALL_LEVEL_NAMES, type Hall, type SlotView } from '@haizhu/shared-types';
import { useState } from 'react';
import { bookSlot, getHallDates, getRestriction, getSlots, type HallDate } from '../../api/appointment';
import { getHalls, getItem } from '../../api/catalog';
import { type ApiError, toApiError } from '../../api/errors';
import { BigButton } from '../../components/BigButton';
import { ErrorState, LoadingState, PageShell } from '../../components/PageShell';
import { ChoiceRow, InfoRow, NoShowRecord, RestrictionNotice } from '../../components/appointment';
import { Steps } from '../../components/Steps';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { SLOT_KIND_NAMES, dayState, slotRange } from '../../utils/appointment';
import { fullDate, monthDay, weekdayOf } from '../../utils/datetime';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import { useScrollTopOnChange } from '../../utils/scroll';
import { askSubscribe } from '../../utils/subscribe';
import './index.scss';

const STEPS = ['选大厅', '选业务', '选日期', '选时段', '确认预约'] as const;

function HallStep({ halls, category, categoryName, onPick }: { halls: Hall[]; category: string | null; categoryName: string | null; onPick(id: string): void }) {
  const serving = category ? halls.filter((h) => h.categories.some((c) => c.code === category)) : halls;
  return (
    <View data-testid='book-step-hall'>
      <Text className='book-question'>{categoryName ? `请选择办理「${categoryName}」的大厅` : '请选择要去的服务大厅'}</Text>
      {serving.length === 0 && <Text className='book-hint'>暂时没有大厅办理这类业务，请拨打 12345 政务服务便民热线咨询。</Text>}
      {HALL_LEVELS.map((level) => {
        const group = serving.filter((h) => h.level === level);
        if (!group.length) return null;
        return (
          <View key={level}>
            <Text className='book-group'>{HALL_LEVEL_NAMES[level]}</Text>
            {group.map((h) => (
              <ChoiceRow key={h.id} title={h.name} sub={h.address ?? '地址以大厅公告为准'} testId='book-hall' code={h.id} onClick={() => onPick(h.id)} />
            ))}
          </View>
        );
      })}
    </View>
  );
}

function CategoryStep({ hall, onPick }: { hall: Hall; onPick(code: string): void }) {
  return (
    <View data-testid='book-step-category'>
      <Text className='book-question'>请选择要办的业务</Text>
      {hall.categories.length === 0 && <Text className='book-hint'>这个大厅暂未开通网上预约，可直接到大厅取号。</Text>}
      {hall.categories.map((c) => (
        <ChoiceRow key={c.code} title={c.name} testId='book-category' code={c.code} onClick={() => onPick(c.code)} />
      ))}
    </View>
  );
}

function DateCell({ day, onPick }: { day: HallDate; onPick(date: string): void }) {
  const { state, text } = dayState(day);
  const open = state === 'open';
  return (
    <View
      className={`book-date book-date--${state}`}
      data-testid='book-date'
      data-date={day.date}
      data-bookable={open ? 'true' : 'false'}
      hoverClass={open ? 'book-date--pressed' : 'none'}
      onClick={open ? () => onPick(day.date) : undefined}
    >
      <Text className='book-date__day'>{monthDay(day.date)}</Text>
      <Text className='book-date__weekday'>{weekdayOf(day.date)}</Text>
      <Text className='book-date__state'>{text}</Text>
      {day.kind === 'makeup_workday' && <Text className='book-date__mark'>调休上班</Text>}
    </View>
  );
}

function DateStep({ hallId, category, onPick }: { hallId: string; category: string; onPick(date: string): void }) {
  const dates = useResource(`${hallId}|${category}`, () => getHallDates(hallId, category));
  if (dates.error && !dates.data) return <ErrorState error={dates.error} onRetry={dates.reload} />;
  if (!dates.data) return <LoadingState text='正在查询可预约的日期…' />;
  const anyOpen = dates.data.some((d) => d.bookable);
  return (
    <View data-testid='book-step-date'>
      <Text className='book-question'>请选择日期</Text>
      <Text className='book-hint'>“余N”是当天还能预约的人数。“休”的日子大厅不上班；“调休上班”的周末照常办公；“未开放”的日子稍后才能预约。</Text>
      {!anyOpen && (
        <View className='hz-alert hz-alert--info' data-testid='book-no-dates'>
          近期的号已约满或尚未放号，请过几天再来看看，或直接到大厅取号。
        </View>
      )}
      <View className='book-dates'>
        {dates.data.map((d) => (
          <DateCell key={d.date} day={d} onPick={onPick} />
        ))}
      </View>
    </View>
  );
}

function SlotRow({ slot, onPick }: { slot: SlotView; onPick(s: SlotView): void }) {
  const kindName = SLOT_KIND_NAMES[slot.kind];
  return (
    <ChoiceRow
      title={slotRange(slot.start, slot.end)}
      sub={kindName ? <Text className='hz-tag hz-tag--warning book-slot-kind'>{kindName}</Text> : undefined}
      aside={
        <Text className={`book-slot-left${slot.bookable ? '' : ' book-slot-left--none'}`}>{slot.bookable ? `余${slot.remaining}个` : slot.remaining > 0 ? '不可约' : '已约满'}</Text>
      }
      disabled={!slot.bookable}
      testId='book-slot'
      code={slot.id}
      onClick={() => onPick(slot)}
    />
  );
}

// Morning and afternoon apart, after-hours and weekend service named: easier to scan than one long list.
const SLOT_GROUPS: { name: string; has(s: SlotView): boolean }[] = [
  { name: '上午', has: (s) => s.kind !== 'delayed' && s.start.slice(11, 13) < '12' },
  { name: '下午', has: (s) => s.kind !== 'delayed' && s.start.slice(11, 13) >= '12' },
  { name: '下班后（延时服务）', has: (s) => s.kind === 'delayed' },
];

function SlotStep({ hallId, category, date, onPick, onChangeDate }: { hallId: string; category: string; date: string; onPick(s: SlotView): void; onChangeDate(): void }) {
  const slots = useResource(`${hallId}|${category}|${date}`, () => getSlots(hallId, date, category));
  if (slots.error && !slots.data) return <ErrorState error={slots.error} onRetry={slots.reload} />;
  if (!slots.data) return <LoadingState text='正在查询时段…' />;
  const open = slots.data.filter((s) => s.bookable).length;
  const groups = SLOT_GROUPS.map((g) => ({ ...g, slots: slots.data?.filter(g.has) ?? [] })).filter((g) => g.slots.length > 0);
  return (
    <View data-testid='book-step-slot'>
      <Text className='book-question'>请选择时段</Text>
      <Text className='book-hint'>
        {fullDate(date)}。{open > 0 ? '“延时服务”在下班后，“错时服务”在周末。' : '这一天的时段都已约满，请换一天。'}
      </Text>
      {slots.data.length === 0 && <Text className='book-hint'>这一天没有可预约的时段。</Text>}
      {groups.map((g) => (
        <View key={g.name} data-testid='book-slot-group'>
          <Text className='book-group'>{g.name}</Text>
          {g.slots.map((s) => (
            <SlotRow key={s.id} slot={s} onPick={onPick} />
          ))}
        </View>
      ))}
      {open === 0 && (
        <BigButton variant='secondary' onClick={onChangeDate} testId='book-change-date'>
          换一天
        </BigButton>
      )}
    </View>
  );
}

function ConfirmStep(props: { hall: Hall; categoryName: string; itemName: string | null; slot: SlotView; date: string; submitting: boolean; onConfirm(): void }) {
  const { hall, slot } = props;
  const kindName = SLOT_KIND_NAMES[slot.kind];
  return (
    <View data-testid='book-step-confirm'>
      <Text className='book-question'>请核对预约信息</Text>
      <View className='hz-card' data-testid='book-summary'>
        {props.itemName && <InfoRow label='办理事项' value={props.itemName} testId='book-summary-item' />}
        <InfoRow label='业务' value={props.categoryName} testId='book-summary-category' />
        <InfoRow label='大厅' value={hall.name} testId='book-summary-hall' />
        {hall.address && <InfoRow label='地址' value={hall.address} />}
        <InfoRow label='日期' value={fullDate(props.date)} testId='book-summary-date' />
        <InfoRow label='时间' value={`${slotRange(slot.start, slot.end)}${kindName ? `（${kindName}）` : ''}`} testId='book-summary-time' />
      </View>
      <View className='hz-alert hz-alert--info'>
        请按时到大厅签到。不能前来时，请提前在“我的预约”里取消；多次爽约会暂停网上预约。
      </View>
      <BigButton onClick={props.onConfirm} loading={props.submitting} loadingText='正在预约，请稍候…' testId='book-confirm'>
        确认预约
      </BigButton>
    </View>
  );
}

/**
 * 预约办事: hall → 业务 → date → slot → confirm, one question per screen with the progress shown.
 * `hallId`, `category` and `itemCode` (from an item's guide) skip the steps they answer.
 */
export default function BookPage() {
  const params = useRouter().params;
  const itemCode = routeParam(params, 'itemCode');
  const session = useResidentSession();
  const [hallId, setHallId] = useState<string | null>(routeParam(params, 'hallId'));
  const [category, setCategory] = useState<string | null>(routeParam(params, 'category'));
  const [date, setDate] = useState<string | null>(null);
  const [slot, setSlot] = useState<SlotView | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [bookError, setBookError] = useState<ApiError | null>(null);
  // Bumped to reload the date and slot lists after a booking failed on a stale place count.
  const [freshness, setFreshness] = useState(0);

  const halls = useResource('halls', () => getHalls());
  const restriction = useResource(session ? `restriction|${session.token}` : null, getRestriction);
  const item = useResource(itemCode, () => getItem(itemCode ?? ''));

  const hall = halls.data?.find((h) => h.id === hallId) ?? null;
  const categoryName = category ? (hall?.categories.find((c) => c.code === category)?.name ?? halls.data?.flatMap((h) => h.categories).find((c) => c.code === category)?.name ?? null) : null;
  const categoryServed = hall !== null && category !== null && hall.categories.some((c) => c.code === category);

  const step = !hall ? 0 : !categoryServed ? 1 : !date ? 2 : !slot ? 3 : 4;
  useScrollTopOnChange(step);

  const choose = (update: () => void) => {
    setBookError(null);
    update();
  };
  const back = () =>
    choose(() => {
      if (step === 4) setSlot(null);
      else if (step === 3) setDate(null);
      else if (step === 2) setCategory(null);
      else if (step === 1) setHallId(null);
    });

  const confirm = async () => {
    if (!slot || submitting) return;
    setSubmitting(true);
    setBookError(null);
    await askSubscribe('book');
    try {
      const booked = await bookSlot(slot.id, itemCode);
      void Taro.redirectTo({ url: pageUrl('/pages/appointment/index', { id: booked.id, new: '1' }) });
    } catch (e) {
      const err = toApiError(e);
      setBookError(err);
      if (err.code === 'SLOT_FULL' || err.code === 'SLOT_NOT_BOOKABLE') {
        // The count the person chose from was stale: back to fresh slots.
        setSlot(null);
        setFreshness((n) => n + 1);
      }
      if (err.code === 'BOOKING_RESTRICTED') restriction.reload();
    } finally {
      setSubmitting(false);
    }
  };

  const restricted = restriction.data?.restricted ? restriction.data : null;

  return (
    <PageShell
      name='book'
      requireLogin='resident'
      loading={halls.loading && !halls.data}
      loadingText='正在打开预约…'
      error={halls.data ? null : halls.error}
      onRetry={halls.reload}
    >
      {restricted ? (
        <View>
          <RestrictionNotice
            restriction={restricted}
            action={
              <BigButton onClick={() => goPage(pageUrl('/pages/queue/index', { hallId, category }))} testId='book-restricted-queue'>
                去取号排队
              </BigButton>
            }
          />
          <NoShowRecord restriction={restricted} />
        </View>
      ) : (
        halls.data && (
          <View className='book-flow'>
            <Steps steps={STEPS} current={step} testId='book-steps' />
            {item.data && (
              <View className='hz-alert hz-alert--info' data-testid='book-item'>
                办理事项：{item.data.name}
              </View>
            )}
            {(hall || categoryName) && step > 0 && (
              <View className='book-chosen' data-testid='book-chosen'>
                {hall && <Text className='hz-tag hz-tag--plain book-chosen__tag'>{hall.name}</Text>}
                {categoryServed && categoryName && <Text className='hz-tag hz-tag--plain book-chosen__tag'>{categoryName}</Text>}
                {date && step > 2 && <Text className='hz-tag hz-tag--plain book-chosen__tag'>{`${monthDay(date)} ${weekdayOf(date)}`}</Text>}
              </View>
            )}
            {hallId && !hall && (
              <View className='hz-alert hz-alert--info' data-testid='book-hall-unknown'>
                找不到链接里的大厅，请重新选择。
              </View>
            )}
            {hall && category && !categoryServed && (
              <View className='hz-alert hz-alert--info' data-testid='book-category-unserved'>
                {hall.name}不办理{categoryName ? `「${categoryName}」` : '这类业务'}，请选择其他业务或换一个大厅。
              </View>
            )}
            {bookError && (
              <View className='hz-alert' data-testid='book-error' data-code={bookError.code}>
                <Text>{bookError.message}</Text>
                {bookError.code === 'ALREADY_BOOKED' && (
                  <Text className='book-error-link' onClick={() => goPage('/pages/appointments/index')}>
                    查看我的预约
                  </Text>
                )}
              </View>
            )}

            {step === 0 && <HallStep halls={halls.data} category={category} categoryName={categoryName} onPick={(id) => choose(() => setHallId(id))} />}
            {step === 1 && hall && <CategoryStep hall={hall} onPick={(code) => choose(() => setCategory(code))} />}
            {step === 2 && hall && category && <DateStep key={freshness} hallId={hall.id} category={category} onPick={(d) => choose(() => setDate(d))} />}
            {step === 3 && hall && category && date && (
              <SlotStep key={freshness} hallId={hall.id} category={category} date={date} onPick={(s) => choose(() => setSlot(s))} onChangeDate={() => choose(() => setDate(null))} />
            )}
            {step === 4 && hall && categoryName && date && slot && (
              <ConfirmStep hall={hall} categoryName={categoryName} itemName={item.data?.name ?? null} slot={slot} date={date} submitting={submitting} onConfirm={() => void confirm()} />
            )}

            {step > 0 && (
              <View className='book-back'>
                <BigButton variant='plain' onClick={back} testId='book-back'>
                  ‹ 上一步
                </BigButton>
              </View>
            )}
          </View>
        )
      )}
    </PageShell>
  );
}
