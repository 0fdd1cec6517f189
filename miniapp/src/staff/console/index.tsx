import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { TICKET_STATUS_NAMES, WINDOW_KIND_NAMES, WINDOW_KINDS, type ConsoleTicket, type Hall, type TicketView } from '@haizhu/shared-types';
import { useState } from 'react';
import { type ApiError, toApiError } from '../../api/errors';
import { actOnTicket, callNext, checkInByCode, getHallQueue, issueWalkInTicket, type TicketAction } from '../../api/staffQueue';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { LiveNote, StatusTag } from '../../components/appointment';
import { useLiveResource } from '../../hooks/usePolling';
import { useStaffSession } from '../../store/session';
import { ticketTone } from '../../utils/appointment';
import { clockTime } from '../../utils/datetime';
import { scrollToTop } from '../../utils/scroll';
import { STORAGE_KEYS, readStorage, writeStorage } from '../../utils/storage';
import { HallPicker, useStaffHall } from '../HallPicker';
import { canCall, canIssueWalkIn, canWorkQueue } from '../roles';
import './index.scss';

const POLL_SECONDS = 5;
const ACTION_NAMES: Record<TicketAction, string> = { recall: '重呼', skip: '过号', serve: '开始办理', done: '办结' };
const SOURCE_NAMES: Record<TicketView['source'], string> = { appointment: '预约', remote: '远程', walk_in: '现场' };

type Notice = { tone: 'success' | 'info' | 'error'; text: string; testId: string };

function savedWindow(hallId: string): string | null {
  const v = readStorage(STORAGE_KEYS.staffWindow);
  if (v && typeof v === 'object' && (v as { hallId?: unknown }).hallId === hallId) {
    const code = (v as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  }
  return null;
}

function WindowPicker({ hall, current, onPick }: { hall: Hall; current: string | null; onPick(code: string): void }) {
  return (
    <View className='hz-card' data-testid='console-window-picker'>
      <Text className='hz-card__title'>{current ? '我的窗口' : '请选择您所在的窗口'}</Text>
      {WINDOW_KINDS.map((kind) => {
        const windows = hall.windows.filter((w) => w.kind === kind);
        if (!windows.length) return null;
        return (
          <View key={kind} className='console-windows'>
            <Text className='console-windows__kind'>{WINDOW_KIND_NAMES[kind]}</Text>
            <View className='console-windows__list'>
              {windows.map((w) => (
                <View
                  key={w.code}
                  className={`console-window${w.code === current ? ' console-window--current' : ''}`}
                  data-testid='console-window'
                  data-code={w.code}
                  hoverClass='console-window--pressed'
                  onClick={() => onPick(w.code)}
                >
                  <Text>{w.name}</Text>
                </View>
              ))}
            </View>
          </View>
        );
      })}
      {hall.windows.length === 0 && <Text className='hz-card__text'>这个大厅没有登记窗口，请联系大厅管理员。</Text>}
    </View>
  );
}

function TicketLine({ t }: { t: ConsoleTicket }) {
  return (
    <View className='console-ticket' data-testid='console-ticket' data-code={t.number} data-status={t.status}>
      <Text className='console-ticket__number'>{t.number}</Text>
      <View className='console-ticket__body'>
        <Text className='console-ticket__line'>
          {t.categoryName}
          {t.residentName ? ` · ${t.residentName}` : ''}
          {` · ${SOURCE_NAMES[t.source]}`}
        </Text>
        {t.itemName && <Text className='console-ticket__sub'>{t.itemName}</Text>}
        {t.status !== 'waiting' && <Text className='console-ticket__sub'>{t.windowName ?? t.window ?? ''}</Text>}
        {t.status === 'waiting' && <Text className='console-ticket__sub'>{clockTime(t.queuedAt)} 取号</Text>}
      </View>
      <StatusTag tone={ticketTone(t.status)} text={TICKET_STATUS_NAMES[t.status]} />
    </View>
  );
}

/** The ticket being served at this window, with what can be done to it now. */
function AtWindow({ t, busy, onAct }: { t: ConsoleTicket; busy: TicketAction | null; onAct(a: TicketAction): void }) {
  const actions: TicketAction[] = t.status === 'called' ? ['serve', 'recall', 'skip'] : t.status === 'serving' ? ['done'] : [];
  return (
    <View className='hz-card console-current' data-testid='console-current' data-code={t.number} data-status={t.status}>
      <View className='console-current__head'>
        <Text className='console-current__number' data-testid='console-current-number'>
          {t.number}
        </Text>
        <StatusTag tone={ticketTone(t.status)} text={TICKET_STATUS_NAMES[t.status]} testId='console-current-status' status={t.status} />
      </View>
      <Text className='console-current__line'>
        {t.categoryName}
        {t.residentName ? ` · ${t.residentName}` : ''}
      </Text>
      {t.itemName && <Text className='console-current__line'>{t.itemName}</Text>}
      {/* The usual next step full width; 重呼 and 过号 side by side below it. */}
      <View className='console-current__actions'>
        {actions.map((a, i) => (
          <View key={a} className={`console-current__action${i === 0 ? ' console-current__action--main' : ''}`}>
            <BigButton
              variant={a === 'serve' || a === 'done' ? 'primary' : a === 'skip' ? 'danger' : 'secondary'}
              onClick={() => onAct(a)}
              loading={busy === a}
              disabled={busy !== null && busy !== a}
              testId={`console-${a}`}
            >
              {ACTION_NAMES[a]}
            </BigButton>
          </View>
        ))}
      </View>
    </View>
  );
}

function CheckIn({ onDone }: { onDone(t: TicketView): void }) {
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [ticket, setTicket] = useState<TicketView | null>(null);

  const submit = async (value = code) => {
    const trimmed = value.trim().toUpperCase();
    if (trimmed.length < 4) {
      setError(null);
      setTicket(null);
      Taro.showToast({ title: '请输入预约码', icon: 'none' }).catch(() => undefined);
      return;
    }
    setPending(true);
    setError(null);
    setTicket(null);
    try {
      const t = await checkInByCode(trimmed);
      setTicket(t);
      setCode('');
      onDone(t);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  const scan = () => {
    Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      .then((res) => {
        setCode(res.result);
        void submit(res.result);
      })
      .catch(() => undefined);
  };

  return (
    <View className='hz-card' data-testid='console-check-in'>
      <Text className='hz-card__title'>扫码签到</Text>
      <Text className='hz-card__text'>扫描群众的预约二维码，或输入二维码下方的8位预约码。签到后按预约优先排队。</Text>
      {process.env.TARO_ENV === 'weapp' && (
        <BigButton variant='secondary' onClick={scan} testId='console-check-in-scan'>
          扫描预约二维码
        </BigButton>
      )}
      <FormField
        label='预约码'
        value={code}
        onChange={setCode}
        maxlength={32}
        placeholder='如 K7M2Q9XA'
        onConfirm={() => void submit()}
        testId='console-check-in-code'
      />
      <BigButton onClick={() => void submit()} loading={pending} loadingText='正在签到…' testId='console-check-in-submit'>
        签到
      </BigButton>
      {ticket && (
        <View className='hz-alert hz-alert--success console-result' data-testid='console-check-in-result'>
          签到成功，号码 <Text className='console-result__number'>{ticket.number}</Text>（{ticket.categoryName}）
        </View>
      )}
      {error && (
        <View className='hz-alert console-result' data-testid='console-check-in-error'>
          {error.code === 'NOT_FOUND' ? '没有找到这个预约码，请核对后重试（只能签到本大厅的预约）。' : error.message}
        </View>
      )}
    </View>
  );
}

function WalkIn({ hall, onDone }: { hall: Hall; onDone(): void }) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [ticket, setTicket] = useState<TicketView | null>(null);

  const issue = async (category: string) => {
    if (pending) return;
    setPending(category);
    setError(null);
    setTicket(null);
    try {
      setTicket(await issueWalkInTicket(hall.id, category));
      onDone();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(null);
    }
  };

  return (
    <View className='hz-card' data-testid='console-walk-in'>
      <Text className='hz-card__title'>现场取号</Text>
      <Text className='hz-card__text'>为到场群众取号：点他要办的业务。</Text>
      <View className='console-categories'>
        {hall.categories.map((c) => (
          <View key={c.code} className='console-categories__item'>
            <BigButton variant='secondary' onClick={() => void issue(c.code)} loading={pending === c.code} loadingText='取号中…' testId={`console-walk-in-${c.code}`}>
              {c.name}
            </BigButton>
          </View>
        ))}
      </View>
      {ticket && (
        <View className='hz-alert hz-alert--success console-result' data-testid='console-walk-in-result'>
          已取号 <Text className='console-result__number'>{ticket.number}</Text>（{ticket.categoryName}），前面还有 {ticket.ahead} 人
        </View>
      )}
      {error && (
        <View className='hz-alert console-result' data-testid='console-walk-in-error' data-code={error.code}>
          {error.message}
        </View>
      )}
    </View>
  );
}

function Console({ hall }: { hall: Hall }) {
  const session = useStaffSession();
  const roles = session?.staff.roles ?? [];
  const [windowCode, setWindowCode] = useState<string | null>(() => savedWindow(hall.id));
  const [calling, setCalling] = useState(false);
  const [acting, setActing] = useState<TicketAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const queue = useLiveResource(`console|${hall.id}`, () => getHallQueue(hall.id), POLL_SECONDS * 1000);

  const pickWindow = (code: string) => {
    setWindowCode(code);
    writeStorage(STORAGE_KEYS.staffWindow, { hallId: hall.id, code });
    scrollToTop();
  };

  const tickets = queue.data ?? [];
  const mine = windowCode ? tickets.filter((t) => t.window === windowCode && (t.status === 'called' || t.status === 'serving')) : [];
  const waiting = tickets.filter((t) => t.status === 'waiting');
  const elsewhere = tickets.filter((t) => t.status !== 'waiting' && !mine.includes(t));

  const next = async () => {
    if (!windowCode || calling) return;
    setCalling(true);
    setNotice(null);
    try {
      const t = await callNext(hall.id, windowCode);
      setNotice(t ? { tone: 'success', text: `已叫号：${t.number}（${t.categoryName}）`, testId: 'console-called' } : { tone: 'info', text: '暂无等候的群众', testId: 'console-no-waiting' });
      queue.reload();
    } catch (e) {
      setNotice({ tone: 'error', text: toApiError(e).message, testId: 'console-error' });
    } finally {
      setCalling(false);
    }
  };

  const act = async (t: ConsoleTicket, action: TicketAction) => {
    if (acting) return;
    setActing(action);
    setNotice(null);
    try {
      const after = await actOnTicket(t.id, action);
      const text =
        action === 'skip' ? (after.status === 'waiting' ? `${t.number} 已过号，已重新排到队尾` : `${t.number} 已过号`) : `${t.number} ${ACTION_NAMES[action]}${action === 'recall' ? '成功' : ''}`;
      setNotice({ tone: 'success', text, testId: 'console-acted' });
      queue.reload();
    } catch (e) {
      setNotice({ tone: 'error', text: toApiError(e).message, testId: 'console-error' });
      queue.reload();
    } finally {
      setActing(null);
    }
  };

  const counts = hall.categories.map((c) => ({ ...c, count: waiting.filter((t) => t.category === c.code).length })).filter((c) => c.count > 0);
  const windowName = hall.windows.find((w) => w.code === windowCode)?.name ?? null;

  return (
    <View>
      <View className='console-hall'>
        <Text className='console-hall__name' data-testid='console-hall'>
          {hall.name}
        </Text>
        {windowName && (
          <Text className='hz-tag console-hall__window' data-testid='console-my-window'>
            {windowName}
          </Text>
        )}
      </View>

      {canCall(roles) && (
        <View>
          {!windowCode && <WindowPicker hall={hall} current={windowCode} onPick={pickWindow} />}
          {windowCode && (
            <View>
              {mine.map((t) => (
                <AtWindow key={t.id} t={t} busy={acting} onAct={(a) => void act(t, a)} />
              ))}
              {notice && (
                <View className={`hz-alert${notice.tone === 'success' ? ' hz-alert--success' : notice.tone === 'info' ? ' hz-alert--info' : ''}`} data-testid={notice.testId}>
                  {notice.text}
                </View>
              )}
              <BigButton onClick={() => void next()} loading={calling} loadingText='正在叫号…' testId='console-call-next'>
                叫下一位（等候 {waiting.length} 人）
              </BigButton>
              <View className='console-change-window'>
                <BigButton variant='plain' onClick={() => setWindowCode(null)} testId='console-change-window'>
                  更换窗口
                </BigButton>
              </View>
            </View>
          )}
        </View>
      )}
      {!canCall(roles) && notice && (
        <View className={`hz-alert${notice.tone === 'error' ? '' : ' hz-alert--success'}`} data-testid={notice.testId}>
          {notice.text}
        </View>
      )}

      {/* 导办 (no window) works the door: 取号 and 签到 come first. */}
      {!canCall(roles) && canIssueWalkIn(roles) && <WalkIn hall={hall} onDone={() => queue.reload()} />}
      {!canCall(roles) && <CheckIn onDone={() => queue.reload()} />}

      <LiveNote seconds={POLL_SECONDS} updatedAt={queue.updatedAt} error={queue.data ? queue.error : null} testId='console-live' />

      <View className='hz-card' data-testid='console-queue'>
        <Text className='hz-card__title'>今日排队（等候 {waiting.length} 人）</Text>
        {counts.length > 0 && (
          <View className='console-counts'>
            {counts.map((c) => (
              <Text key={c.code} className='hz-tag hz-tag--plain console-counts__tag'>
                {c.name} {c.count}人
              </Text>
            ))}
          </View>
        )}
        {queue.error && !queue.data && <Text className='hz-form-error'>{queue.error.message}</Text>}
        {queue.data && tickets.length === 0 && (
          <Text className='hz-card__text' data-testid='console-queue-empty'>
            暂无等候
          </Text>
        )}
        {[...elsewhere, ...waiting].map((t) => (
          <TicketLine key={t.id} t={t} />
        ))}
      </View>

      {canCall(roles) && <CheckIn onDone={() => queue.reload()} />}
      {canCall(roles) && canIssueWalkIn(roles) && <WalkIn hall={hall} onDone={() => queue.reload()} />}
    </View>
  );
}

/** 窗口叫号 console: the window's current ticket and actions, the hall's queue, check-in, walk-ins. */
export default function StaffConsolePage() {
  const session = useStaffSession();
  const roles = session?.staff.roles ?? [];
  const staffHall = useStaffHall();
  const allowed = canWorkQueue(roles);

  return (
    <PageShell
      name='staff-console'
      requireLogin='staff'
      loading={allowed && staffHall.halls.loading && !staffHall.halls.data}
      loadingText='正在打开叫号台…'
      error={staffHall.halls.data ? null : staffHall.halls.error}
      onRetry={staffHall.halls.reload}
      empty={
        !allowed
          ? { title: '您的账号不能使用窗口叫号', description: '窗口叫号供大厅窗口、导办和管理人员使用。', testId: 'console-forbidden' }
          : staffHall.halls.data && !staffHall.hall && !staffHall.canChoose
            ? { title: '找不到您所属的大厅', description: '请联系区级管理员核对账号所属大厅。', testId: 'console-no-hall' }
            : null
      }
    >
      {staffHall.hall ? (
        <View>
          <Console key={staffHall.hall.id} hall={staffHall.hall} />
          {staffHall.canChoose && (
            <BigButton variant='plain' onClick={() => staffHall.choose(null)} testId='console-change-hall'>
              更换大厅
            </BigButton>
          )}
        </View>
      ) : (
        staffHall.halls.data && staffHall.canChoose && <HallPicker halls={staffHall.halls.data} onPick={staffHall.choose} testId='console-hall-pick' />
      )}
    </PageShell>
  );
}
