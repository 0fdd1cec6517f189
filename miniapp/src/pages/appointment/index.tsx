import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { APPOINTMENT_STATUS_NAMES, type AppointmentView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { cancelAppointment, checkInAppointment, getAppointment } from '../../api/appointment';
import { type ApiError, toApiError } from '../../api/errors';
// Before BigButton: the evaluation pieces' stylesheet comes first everywhere (one CSS order for weapp).
import { EvaluationEntry } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { InfoRow, StatusTag, cancelFailure, confirmCancel } from '../../components/appointment';
import { QrCode } from '../../components/QrCode';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { SLOT_KIND_NAMES, appointmentTone, slotRange } from '../../utils/appointment';
import { formatChineseDateTime, fullDate } from '../../utils/datetime';
import { rememberTicket } from '../../utils/myTickets';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import './index.scss';

function Details({ a }: { a: AppointmentView }) {
  const kind = SLOT_KIND_NAMES[a.slot.kind as keyof typeof SLOT_KIND_NAMES] ?? null;
  return (
    <View className='hz-card' data-testid='appointment-details'>
      {a.itemName && <InfoRow label='办理事项' value={a.itemName} testId='appointment-item' />}
      <InfoRow label='业务' value={a.categoryName} testId='appointment-category' />
      <InfoRow label='大厅' value={a.hallName} testId='appointment-hall' />
      <InfoRow label='日期' value={fullDate(a.slot.date)} testId='appointment-date' />
      <InfoRow label='时间' value={`${slotRange(a.slot.start, a.slot.end)}${kind ? `（${kind}）` : ''}`} testId='appointment-time' />
      {a.status === 'booked' && <InfoRow label='可取消至' value={formatChineseDateTime(a.cancellableUntil)} testId='appointment-cancellable-until' />}
    </View>
  );
}

/** One appointment: the QR the hall scans, the code in words, where and when, 取消 / 签到. */
export default function AppointmentPage() {
  const params = useRouter().params;
  const id = routeParam(params, 'id');
  const justBooked = routeParam(params, 'new') === '1';
  const session = useResidentSession();
  const appointment = useResource(session && id ? `${id}|${session.token}` : null, () => getAppointment(id ?? ''));
  const [busy, setBusy] = useState<'cancel' | 'check-in' | null>(null);
  const [actionError, setActionError] = useState<{ error: ApiError; text: string } | null>(null);
  const [cancelled, setCancelled] = useState(false);

  const a = appointment.data;
  const missing =
    !a && appointment.error?.code === 'NOT_FOUND'
      ? {
          title: '找不到这个预约',
          description: '可能链接有误，或预约不是用本微信账号办的。',
          testId: 'appointment-not-found',
          action: (
            <BigButton variant='secondary' onClick={() => goPage('/pages/appointments/index')} testId='appointment-not-found-list'>
              查看我的预约
            </BigButton>
          ),
        }
      : null;

  // Back from the ticket page (or the hall's scanner): the status may have moved on.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && a) appointment.reload();
    shown.current = true;
  });

  const cancel = async () => {
    if (!a || busy) return;
    if (!(await confirmCancel(a))) return;
    setBusy('cancel');
    setActionError(null);
    try {
      await cancelAppointment(a.id);
      setCancelled(true);
      appointment.reload();
    } catch (e) {
      const error = toApiError(e);
      setActionError({ error, text: cancelFailure(error, a) });
    } finally {
      setBusy(null);
    }
  };

  const checkIn = async () => {
    if (!a || busy) return;
    setBusy('check-in');
    setActionError(null);
    try {
      const ticket = await checkInAppointment(a.id);
      rememberTicket(ticket.id);
      goPage(pageUrl('/pages/ticket/index', { id: ticket.id }));
      appointment.reload();
    } catch (e) {
      const error = toApiError(e);
      setActionError({ error, text: error.message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell
      name='appointment'
      requireLogin='resident'
      loading={appointment.loading && !a}
      loadingText='正在读取预约…'
      error={a || missing ? null : appointment.error}
      onRetry={appointment.reload}
      empty={id ? missing : { title: '没有指定要查看的预约', description: '请从“我的预约”里选择。', testId: 'appointment-missing' }}
    >
      {a && (
        <View>
          {justBooked && a.status === 'booked' && (
            <View className='hz-alert hz-alert--success appointment-success' data-testid='appointment-booked'>
              <Text className='appointment-success__title'>预约成功</Text>
              <Text>请按时到大厅，出示下面的二维码签到取号。</Text>
            </View>
          )}
          {cancelled && a.status === 'cancelled' && (
            <View className='hz-alert hz-alert--success' data-testid='appointment-cancelled'>
              预约已取消，名额已释放。
            </View>
          )}

          <View className='hz-card appointment-pass' data-testid='appointment-pass'>
            <View className='appointment-pass__head'>
              <Text className='appointment-pass__title'>预约签到码</Text>
              <StatusTag tone={appointmentTone(a.status)} text={APPOINTMENT_STATUS_NAMES[a.status]} testId='appointment-status' status={a.status} />
            </View>
            {a.status === 'booked' ? (
              <View>
                <QrCode text={a.code} testId='appointment-qr' />
                <Text className='appointment-pass__hint'>到大厅后请出示此码，或告诉工作人员下面的预约码</Text>
              </View>
            ) : (
              <Text className='appointment-pass__hint'>该预约{APPOINTMENT_STATUS_NAMES[a.status]}，签到码已不能使用。</Text>
            )}
            <Text className={`appointment-pass__code${a.status === 'booked' ? '' : ' appointment-pass__code--void'}`} data-testid='appointment-code'>
              {a.code}
            </Text>
          </View>

          <Details a={a} />
          {a.status === 'served' && <EvaluationEntry targetType='appointment' targetId={a.id} testId='appointment-evaluation' />}

          {actionError && (
            <View className='hz-alert' data-testid='appointment-action-error' data-code={actionError.error.code}>
              {actionError.text}
            </View>
          )}

          {a.ticketId && (
            <BigButton onClick={() => goPage(pageUrl('/pages/ticket/index', { id: a.ticketId }))} testId='appointment-ticket'>
              查看我的排队号
            </BigButton>
          )}
          {a.status === 'booked' && (
            <View className='appointment-actions'>
              <BigButton onClick={() => void checkIn()} loading={busy === 'check-in'} loadingText='正在签到…' testId='appointment-check-in'>
                到厅签到
              </BigButton>
              <Text className='appointment-actions__note'>到了大厅再点“到厅签到”，会为您取一个优先号。</Text>
              <BigButton variant='danger' onClick={() => void cancel()} loading={busy === 'cancel'} loadingText='正在取消…' testId='appointment-cancel'>
                取消预约
              </BigButton>
            </View>
          )}
          <View className='appointment-actions'>
            <BigButton variant='plain' onClick={() => goPage('/pages/appointments/index')} testId='appointment-all'>
              查看我的全部预约
            </BigButton>
          </View>
        </View>
      )}
    </PageShell>
  );
}
