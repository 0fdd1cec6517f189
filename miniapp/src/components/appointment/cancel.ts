import Taro from '@tarojs/taro';
import type { AppointmentView } from '@haizhu/shared-types';
import type { ApiError } from '../../api/errors';
import { slotRange } from '../../utils/appointment';
import { formatChineseDateTime, fullDate } from '../../utils/datetime';

/** Asks before cancelling, naming the visit and the cut-off; resolves true on 确定取消. */
export async function confirmCancel(a: AppointmentView): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: '确定取消这个预约吗？',
      content: `${a.hallName} ${fullDate(a.slot.date)} ${slotRange(a.slot.start, a.slot.end)}。取消后名额会让给其他人。${formatChineseDateTime(a.cancellableUntil)}前可以取消。`,
      confirmText: '确定取消',
      cancelText: '不取消',
      confirmColor: '#c62828',
    });
    return res.confirm;
  } catch {
    return false;
  }
}

/** The API's own words, plus the cut-off when it was too late (the message gives only the rule). */
export function cancelFailure(error: ApiError, a: AppointmentView): string {
  if (error.code === 'TOO_LATE_TO_CANCEL') return `${error.message}（本预约可取消至${formatChineseDateTime(a.cancellableUntil)}）。如不能前来，请致电大厅说明。`;
  return error.message;
}
