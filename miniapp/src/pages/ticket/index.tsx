import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { TICKET_STATUS_NAMES, type TicketView } from '@haizhu/shared-types';
import { useEffect, useRef } from 'react';
import { getTicket } from '../../api/queue';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { InfoRow, LiveNote, StatusTag } from '../../components/appointment';
import { useLiveResource } from '../../hooks/usePolling';
import { ticketTone, windowLine } from '../../utils/appointment';
import { clockTime } from '../../utils/datetime';
import { goPage, routeParam } from '../../utils/navigation';
import './index.scss';

const POLL_SECONDS = 5;
const LIVE_STATUSES: ReadonlySet<TicketView['status']> = new Set(['waiting', 'called', 'serving']);

function Progress({ t }: { t: TicketView }) {
  if (t.status === 'waiting') {
    return (
      <View className='ticket-progress' data-testid='ticket-waiting'>
        <View className='ticket-progress__row'>
          <Text className='ticket-progress__label'>前面还有</Text>
          <Text className='ticket-progress__value' data-testid='ticket-ahead'>
            {t.ahead}
          </Text>
          <Text className='ticket-progress__label'>人</Text>
        </View>
        <Text className='ticket-progress__eta' data-testid='ticket-eta'>
          预计等候约 {t.etaMinutes} 分钟
        </Text>
        <Text className='ticket-progress__hint'>{t.ahead <= 3 ? '快轮到您了，请留在大厅附近。' : '可以先在附近休息，快轮到时本页会提示。'}</Text>
      </View>
    );
  }
  if (t.status === 'called') {
    return (
      <View className='ticket-called' data-testid='ticket-called'>
        <Text className='ticket-called__title'>轮到您了</Text>
        <Text className='ticket-called__window' data-testid='ticket-called-window'>
          {windowLine(t.window, t.windowName)}
        </Text>
        {t.windowName && <Text className='ticket-called__name'>{t.windowName}</Text>}
        {t.calledAt && <Text className='ticket-called__time'>{clockTime(t.calledAt)} 叫号</Text>}
      </View>
    );
  }
  if (t.status === 'serving') {
    return (
      <View className='ticket-progress' data-testid='ticket-serving'>
        <Text className='ticket-progress__eta'>正在{t.windowName ?? (t.window ? `${t.window}号窗口` : '窗口')}为您办理</Text>
      </View>
    );
  }
  const text =
    t.status === 'done'
      ? '业务已办结，感谢您的耐心等候。'
      : t.status === 'skipped'
        ? '您的号已过号。如仍需办理，请到导办台咨询或重新取号。'
        : '这个号已取消。';
  return (
    <View className='ticket-progress' data-testid='ticket-finished'>
      <Text className='ticket-progress__eta'>{text}</Text>
    </View>
  );
}

/**
 * 我的排队号: the number very large, people ahead and the wait, and "请到 X 号窗口" when called.
 * Refreshes itself every 5 s while shown and the ticket can still change.
 */
export default function TicketPage() {
  const id = routeParam(useRouter().params, 'id');
  const ticket = useLiveResource(id, () => getTicket(id ?? ''), POLL_SECONDS * 1000, (t) => t !== null && LIVE_STATUSES.has(t.status));
  const t = ticket.data;
  const live = t !== null && LIVE_STATUSES.has(t.status);

  // Being called is the one moment that matters: buzz the phone once when it happens.
  const lastStatus = useRef<TicketView['status'] | null>(null);
  useEffect(() => {
    if (!t) return;
    if (lastStatus.current !== null && lastStatus.current !== 'called' && t.status === 'called') {
      Taro.vibrateLong().catch(() => undefined);
    }
    lastStatus.current = t.status;
  }, [t]);

  const missing =
    !t && ticket.error?.code === 'NOT_FOUND'
      ? {
          title: '找不到这个排队号',
          description: '排队号只在取号当天有效。请重新取号，或到导办台咨询。',
          testId: 'ticket-not-found',
          action: (
            <BigButton variant='secondary' onClick={() => goPage('/pages/queue/index')} testId='ticket-not-found-queue'>
              去取号
            </BigButton>
          ),
        }
      : null;

  return (
    <PageShell
      name='ticket'
      loading={ticket.loading && !t}
      loadingText='正在读取排队号…'
      error={t || missing ? null : ticket.error}
      onRetry={ticket.reload}
      empty={id ? missing : { title: '没有指定排队号', description: '请从“取号排队”里查看您的号。', testId: 'ticket-missing' }}
    >
      {t && (
        <View>
          <View className={`hz-card ticket-card ticket-card--${t.status}`} data-testid='ticket-card' data-status={t.status}>
            <View className='ticket-card__head'>
              <Text className='ticket-card__hall' data-testid='ticket-hall'>
                {t.hallName}
              </Text>
              <StatusTag tone={ticketTone(t.status)} text={TICKET_STATUS_NAMES[t.status]} testId='ticket-status' status={t.status} />
            </View>
            <Text className='ticket-card__label'>您的号码</Text>
            <Text className='ticket-card__number' data-testid='ticket-number'>
              {t.number}
            </Text>
            <Text className='ticket-card__category'>{t.categoryName}</Text>
            <Progress t={t} />
          </View>

          <LiveNote seconds={POLL_SECONDS} updatedAt={ticket.updatedAt} error={ticket.error} live={live} testId='ticket-live' />

          <View className='hz-card'>
            <InfoRow label='取号时间' value={clockTime(t.queuedAt)} testId='ticket-queued-at' />
            <InfoRow label='取号方式' value={t.source === 'appointment' ? '预约签到（优先）' : t.source === 'remote' ? '手机远程取号' : '现场取号'} />
          </View>
          <BigButton variant='plain' onClick={() => goPage('/pages/queue/index')} testId='ticket-all'>
            查看我今天的排队号
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
