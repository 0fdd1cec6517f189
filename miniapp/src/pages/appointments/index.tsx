import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { APPOINTMENT_STATUS_NAMES, type AppointmentView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { cancelAppointment, getRestriction, listAppointments } from '../../api/appointment';
import { toApiError } from '../../api/errors';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { NoShowRecord, RestrictionNotice, StatusTag, cancelFailure, confirmCancel } from '../../components/appointment';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { appointmentTone, slotRange } from '../../utils/appointment';
import { formatChineseDateTime, fullDate } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import './index.scss';

interface RowProps {
  a: AppointmentView;
  cancelling: boolean;
  message: string | null;
  onCancel(): void;
}

function AppointmentRow({ a, cancelling, message, onCancel }: RowProps) {
  const open = () => goPage(pageUrl('/pages/appointment/index', { id: a.id }));
  return (
    <View className='hz-card appt-row' data-testid='appointment-row' data-code={a.id} data-status={a.status}>
      <View className='appt-row__head' hoverClass='appt-row__head--pressed' onClick={open} data-testid='appointment-row-open'>
        <View className='appt-row__when'>
          <Text className='appt-row__date'>{fullDate(a.slot.date)}</Text>
          <Text className='appt-row__time'>{slotRange(a.slot.start, a.slot.end)}</Text>
        </View>
        <StatusTag tone={appointmentTone(a.status)} text={APPOINTMENT_STATUS_NAMES[a.status]} testId='appointment-row-status' status={a.status} />
      </View>
      <Text className='appt-row__line'>
        {a.hallName} · {a.categoryName}
      </Text>
      {a.itemName && <Text className='appt-row__line'>{a.itemName}</Text>}
      {a.status === 'booked' && <Text className='appt-row__cutoff'>{formatChineseDateTime(a.cancellableUntil)}前可以取消</Text>}
      {message && (
        <View className='hz-alert appt-row__error' data-testid='appointment-row-error'>
          {message}
        </View>
      )}
      <View className='appt-row__actions'>
        <View className='appt-row__action'>
          <BigButton variant='secondary' onClick={open} testId='appointment-row-detail'>
            {a.status === 'booked' ? '签到码' : '详情'}
          </BigButton>
        </View>
        {a.status === 'booked' && (
          <View className='appt-row__action'>
            <BigButton variant='danger' onClick={onCancel} loading={cancelling} loadingText='正在取消…' testId='appointment-row-cancel'>
              取消预约
            </BigButton>
          </View>
        )}
      </View>
    </View>
  );
}

/** 我的预约: the restriction notice first when booking is suspended, then every appointment. */
export default function AppointmentsPage() {
  const session = useResidentSession();
  const key = session ? session.token : null;
  const list = useResource(key, listAppointments);
  const restriction = useResource(key, getRestriction);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [cancelledNote, setCancelledNote] = useState<string | null>(null);
  const shown = useRef(false);

  // Back from a detail page (cancelled or checked in there): show the new status.
  useDidShow(() => {
    if (shown.current && session) {
      list.reload();
      restriction.reload();
    }
    shown.current = true;
  });

  const cancel = async (a: AppointmentView) => {
    if (cancelling) return;
    if (!(await confirmCancel(a))) return;
    setCancelling(a.id);
    setMessages(({ [a.id]: _, ...rest }) => rest);
    setCancelledNote(null);
    try {
      await cancelAppointment(a.id);
      setCancelledNote(`已取消 ${fullDate(a.slot.date)} ${slotRange(a.slot.start, a.slot.end)} 的预约，名额已让给其他人。`);
      list.reload();
    } catch (e) {
      const message = cancelFailure(toApiError(e), a);
      setMessages((m) => ({ ...m, [a.id]: message }));
    } finally {
      setCancelling(null);
    }
  };

  const items = list.data ?? [];
  const r = restriction.data;
  const book = (
    <BigButton onClick={() => goPage('/pages/book/index')} testId='appointments-book'>
      预约办事
    </BigButton>
  );

  return (
    <PageShell
      name='appointments'
      requireLogin='resident'
      header={
        r ? (
          <View>
            {r.restricted && (
              <RestrictionNotice
                restriction={r}
                action={
                  <BigButton onClick={() => goPage('/pages/queue/index')} testId='appointments-restricted-queue'>
                    去取号排队
                  </BigButton>
                }
              />
            )}
            <NoShowRecord restriction={r} />
          </View>
        ) : null
      }
      loading={list.loading && !list.data}
      loadingText='正在读取您的预约…'
      error={list.data ? null : list.error}
      onRetry={list.reload}
      empty={list.data && items.length === 0 ? { title: '您还没有预约', description: '预约后到大厅不用排长队。', testId: 'appointments-empty', action: r?.restricted ? undefined : book } : null}
    >
      {cancelledNote && (
        <View className='hz-alert hz-alert--success' data-testid='appointments-cancelled'>
          {cancelledNote}
        </View>
      )}
      <View data-testid='appointments-list'>
        {items.map((a) => (
          <AppointmentRow key={a.id} a={a} cancelling={cancelling === a.id} message={messages[a.id] ?? null} onCancel={() => void cancel(a)} />
        ))}
      </View>
      {!r?.restricted && items.length > 0 && <View className='appts-more'>{book}</View>}
    </PageShell>
  );
}
