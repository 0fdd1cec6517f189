import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { HALL_LEVELS, TICKET_STATUS_NAMES, type Hall, type TicketView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { getHalls } from '../../api/catalog';
import { type ApiError, toApiError } from '../../api/errors';
import { getTicket, takeTicket } from '../../api/queue';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { ChoiceRow, InfoRow, StatusTag } from '../../components/appointment';
import { Steps } from '../../components/Steps';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { ticketTone } from '../../utils/appointment';
import { rememberTicket, todaysTicketIds } from '../../utils/myTickets';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import { useScrollTopOnChange } from '../../utils/scroll';
import { askSubscribe } from '../../utils/subscribe';
import './index.scss';

const STEPS = ['选大厅', '选业务', '取号'] as const;

function hoursParts(hall: Hall): { label: string; ranges: string[] }[] {
  const fmt = (rs: readonly { start: string; end: string }[]) => rs.map((r) => `${r.start}-${r.end}`);
  const parts = [{ label: '工作日', ranges: hall.hours.weekdays.length ? fmt(hall.hours.weekdays) : ['以大厅公告为准'] }];
  if (hall.extendedHours.delayed) parts.push({ label: '延时', ranges: fmt([hall.extendedHours.delayed]) });
  if (hall.extendedHours.weekend.length) parts.push({ label: '周末', ranges: fmt(hall.extendedHours.weekend) });
  return parts;
}

function hoursText(hall: Hall): string {
  return hoursParts(hall)
    .map((p) => `${p.label} ${p.ranges.join('、')}`)
    .join('；');
}

/** One kind of hours per line; a line may wrap between ranges but never inside a time. */
function Hours({ hall }: { hall: Hall }) {
  return (
    <Text>
      {hoursParts(hall).map((p) => (
        <Text key={p.label} className='queue-hours__line'>
          {p.label}{' '}
          {p.ranges.map((r, i) => (
            <Text key={r} className='queue-hours__range'>
              {r}
              {i < p.ranges.length - 1 ? '、' : ''}
            </Text>
          ))}
        </Text>
      ))}
    </Text>
  );
}

/** Today's numbers taken on this phone, each with its live status. */
function MyTickets() {
  const [ids, setIds] = useState<string[]>(() => todaysTicketIds());
  const tickets = useResource(ids.length ? ids.join(',') : null, async () => {
    const settled = await Promise.allSettled(ids.map((id) => getTicket(id)));
    return settled.filter((s): s is PromiseFulfilledResult<TicketView> => s.status === 'fulfilled').map((s) => s.value);
  });
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) {
      const now = todaysTicketIds();
      if (now.join(',') === ids.join(',')) tickets.reload();
      else setIds(now);
    }
    shown.current = true;
  });
  const list = tickets.data ?? [];
  if (!list.length) return null;
  return (
    <View data-testid='queue-my-tickets'>
      <Text className='hz-section-title'>我今天的排队号</Text>
      {list.map((t) => (
        <ChoiceRow
          key={t.id}
          title={<Text className='queue-my__number'>{t.number}</Text>}
          sub={`${t.hallName} · ${t.categoryName}${t.status === 'waiting' ? ` · 前面还有${t.ahead}人` : ''}`}
          aside={<StatusTag tone={ticketTone(t.status)} text={TICKET_STATUS_NAMES[t.status]} />}
          testId='queue-my-ticket'
          code={t.id}
          onClick={() => goPage(pageUrl('/pages/ticket/index', { id: t.id }))}
        />
      ))}
    </View>
  );
}

/** The hall is not giving numbers now: say when it does, and offer booking another time. */
function Closed({ error, hall, category }: { error: ApiError; hall: Pick<Hall, 'id'>; category: string }) {
  return (
    <View className='hz-card hz-card--notice' data-testid='queue-closed'>
      <Text className='hz-card__title'>现在不能取号</Text>
      <Text className='queue-closed__message' data-testid='queue-closed-message'>
        {error.message}
      </Text>
      <Text className='hz-card__text'>取号时间以外不能取号（节假日不开放）。请在取号时间内再来，也可以先预约其他时间。</Text>
      <BigButton variant='secondary' onClick={() => goPage(pageUrl('/pages/book/index', { hallId: hall.id, category }))} testId='queue-closed-book'>
        预约其他时间
      </BigButton>
    </View>
  );
}

/**
 * 取号排队: choose hall and 业务, take a number without going to the machine at the door, then
 * follow it on the ticket page. Numbers taken here today are listed at the top.
 */
export default function QueuePage() {
  const params = useRouter().params;
  const itemCode = routeParam(params, 'itemCode');
  const session = useResidentSession();
  const [hallId, setHallId] = useState<string | null>(routeParam(params, 'hallId'));
  const [category, setCategory] = useState<string | null>(routeParam(params, 'category'));
  const [taking, setTaking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const halls = useResource('halls', () => getHalls());

  const hall = halls.data?.find((h) => h.id === hallId) ?? null;
  const categoryOk = hall !== null && category !== null && hall.categories.some((c) => c.code === category);
  const step = !hall ? 0 : !categoryOk ? 1 : 2;
  const categoryName = hall?.categories.find((c) => c.code === category)?.name ?? null;
  useScrollTopOnChange(`${step}|${error?.code ?? ''}`);

  const choose = (update: () => void) => {
    setError(null);
    update();
  };

  const take = async () => {
    if (!hall || !category || taking) return;
    setTaking(true);
    setError(null);
    await askSubscribe('queue');
    try {
      const ticket = await takeTicket(hall.id, category, itemCode);
      rememberTicket(ticket.id);
      void Taro.redirectTo({ url: pageUrl('/pages/ticket/index', { id: ticket.id }) });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setTaking(false);
    }
  };

  const sorted = (halls.data ?? []).slice().sort((a, b) => HALL_LEVELS.indexOf(a.level) - HALL_LEVELS.indexOf(b.level));

  return (
    <PageShell
      name='queue'
      requireLogin='resident'
      header={session ? <MyTickets /> : null}
      loading={halls.loading && !halls.data}
      loadingText='正在读取服务大厅…'
      error={halls.data ? null : halls.error}
      onRetry={halls.reload}
    >
      {halls.data && (
        <View className='queue-flow'>
          <Text className='hz-section-title'>远程取号</Text>
          <Steps steps={STEPS} current={step} testId='queue-steps' />
          {step === 0 && (
            <View data-testid='queue-step-hall'>
              <Text className='queue-question'>请选择要去的服务大厅</Text>
              {sorted.map((h) => (
                <ChoiceRow key={h.id} title={h.name} sub={hoursText(h)} testId='queue-hall' code={h.id} onClick={() => choose(() => setHallId(h.id))} />
              ))}
            </View>
          )}
          {step === 1 && hall && (
            <View data-testid='queue-step-category'>
              <Text className='queue-question'>请选择要办的业务</Text>
              {hall.categories.map((c) => (
                <ChoiceRow key={c.code} title={c.name} testId='queue-category' code={c.code} onClick={() => choose(() => setCategory(c.code))} />
              ))}
            </View>
          )}
          {step === 2 && hall && category && (
            <View data-testid='queue-step-take'>
              <View className='hz-card' data-testid='queue-summary'>
                <InfoRow label='大厅' value={hall.name} testId='queue-summary-hall' />
                <InfoRow label='业务' value={categoryName ?? category} testId='queue-summary-category' />
                <InfoRow label='取号时间' value={<Hours hall={hall} />} testId='queue-summary-hours' />
              </View>
              {error?.code === 'QUEUE_CLOSED' ? (
                <Closed error={error} hall={hall} category={category} />
              ) : (
                <View>
                  {error && (
                    <View className='hz-alert' data-testid='queue-error' data-code={error.code}>
                      {error.message}
                    </View>
                  )}
                  <Text className='queue-note'>取号后请留意叫号，轮到您时请尽快到窗口。过号后可重新排队一次。</Text>
                  <BigButton onClick={() => void take()} loading={taking} loadingText='正在取号…' testId='queue-take'>
                    取号
                  </BigButton>
                </View>
              )}
            </View>
          )}
          {step > 0 && (
            <View className='queue-back'>
              <BigButton
                variant='plain'
                onClick={() => choose(() => (step === 2 ? setCategory(null) : setHallId(null)))}
                testId='queue-back'
              >
                ‹ 上一步
              </BigButton>
            </View>
          )}
        </View>
      )}
    </PageShell>
  );
}
