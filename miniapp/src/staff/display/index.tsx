import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { HallDisplay } from '@haizhu/shared-types';
import { useEffect, useRef, useState } from 'react';
import { getHalls } from '../../api/catalog';
import { getHallDisplay } from '../../api/queue';
import { PageShell } from '../../components/PageShell';
import { useLiveResource } from '../../hooks/usePolling';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { clockTime, clockTimeWithSeconds } from '../../utils/datetime';
import { routeParam } from '../../utils/navigation';
import { HallPicker } from '../HallPicker';
import './index.scss';

const POLL_SECONDS = 3;
type Call = HallDisplay['calling'][number];

/** "请 A012 号到 综合受理窗 A01 办理": a window's name that already says 窗 is not followed by 窗口. */
function announcement(c: Call): string {
  const where = c.windowName || `${c.window}号`;
  return `请 ${c.number} 号到 ${where}${/窗/.test(where) ? '' : ' 窗口'} 办理`;
}

/** The browser's speech (H5 only; the mini-program has none), or null. */
function speechEngine(): SpeechSynthesis | null {
  if (process.env.TARO_ENV !== 'h5') return null;
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

function speak(engine: SpeechSynthesis, text: string): void {
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.9;
  engine.speak(u);
}

const callKey = (c: Call) => `${c.number}|${c.calledAt}`;

/** The latest call per window: a window shows the number it called last. */
function perWindow(calling: Call[]): Call[] {
  const seen = new Set<string>();
  return calling.filter((c) => {
    if (seen.has(c.window)) return false;
    seen.add(c.window);
    return true;
  });
}

function Board({ data, fresh }: { data: HallDisplay; fresh: ReadonlySet<string> }) {
  const windows = perWindow(data.calling);
  const latest = windows[0] ?? null;
  const waitingTotal = data.waiting.reduce((n, w) => n + w.count, 0);
  return (
    <View className='display-board'>
      <View className='display-main'>
        {latest ? (
          <View className={`display-hero${fresh.has(callKey(latest)) ? ' display-hero--fresh' : ''}`} data-testid='display-latest' data-code={latest.number}>
            <Text className='display-hero__label'>正在呼叫</Text>
            <Text className='display-hero__number'>{latest.number}</Text>
            <Text className='display-hero__window'>请到 {latest.windowName || `${latest.window}号窗口`}</Text>
          </View>
        ) : (
          <View className='display-hero display-hero--idle' data-testid='display-idle'>
            <Text className='display-hero__window'>请取号后留意叫号</Text>
          </View>
        )}
        {windows.length > 1 && (
          <View className='display-windows' data-testid='display-windows'>
            {windows.slice(1).map((c) => (
              <View key={c.window} className={`display-window${fresh.has(callKey(c)) ? ' display-window--fresh' : ''}`} data-testid='display-window' data-code={c.window}>
                <Text className='display-window__number'>{c.number}</Text>
                <Text className='display-window__name'>{c.windowName || c.window}</Text>
              </View>
            ))}
          </View>
        )}
      </View>
      <View className='display-side' data-testid='display-waiting'>
        <Text className='display-side__title'>等候人数</Text>
        {data.waiting.map((w) => (
          <View key={w.category} className='display-side__row' data-testid='display-waiting-row' data-code={w.category}>
            <Text className='display-side__name'>{w.categoryName}</Text>
            <Text className='display-side__count'>{w.count}</Text>
          </View>
        ))}
        <View className='display-side__row display-side__row--total'>
          <Text className='display-side__name'>合计</Text>
          <Text className='display-side__count'>{waitingTotal}</Text>
        </View>
      </View>
    </View>
  );
}

/**
 * 叫号大屏 for a hall's TV: the number each window called last, very large, and how many wait per
 * 业务. Numbers only, never names. Polls every 3 s; on H5 a newly called number is read aloud once
 * the operator has switched the voice on (browsers only speak after a tap).
 */
export default function StaffDisplayPage() {
  const session = useStaffSession();
  const param = routeParam(useRouter().params, 'hallId');
  const [picked, setPicked] = useState<string | null>(null);
  const hallId = param ?? picked ?? session?.staff.hallId ?? null;
  const display = useLiveResource(hallId ? `display|${hallId}` : null, () => getHallDisplay(hallId ?? ''), POLL_SECONDS * 1000);
  const halls = useResource(hallId ? null : 'halls', () => getHalls());

  const engine = speechEngine();
  const [voiceOn, setVoiceOn] = useState(false);
  const voiceRef = useRef(voiceOn);
  voiceRef.current = voiceOn;
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const data = display.data;
    if (!data) return undefined;
    const keys = data.calling.map(callKey);
    if (seen.current === null) {
      // What was already on the screen when it was switched on is not news.
      seen.current = new Set(keys);
      return undefined;
    }
    const known = seen.current;
    const news = data.calling.filter((c) => !known.has(callKey(c))).reverse();
    news.forEach((c) => known.add(callKey(c)));
    if (!news.length) return undefined;
    if (engine && voiceRef.current) news.forEach((c) => speak(engine, announcement(c)));
    setFresh(new Set(news.map(callKey)));
    const timer = setTimeout(() => setFresh(new Set()), 8000);
    return () => clearTimeout(timer);
  }, [display.data, engine]);

  const toggleVoice = () => {
    if (!engine) return;
    if (voiceOn) {
      engine.cancel();
      setVoiceOn(false);
      return;
    }
    // Said inside the tap, which is what lets the browser speak later without one.
    speak(engine, '语音播报已开启');
    setVoiceOn(true);
  };

  const data = display.data;
  return (
    <PageShell
      name='staff-display'
      loading={(display.loading && !data) || (halls.loading && !halls.data)}
      loadingText='正在连接叫号数据…'
      error={hallId ? (data ? null : display.error) : halls.data ? null : halls.error}
      onRetry={hallId ? display.reload : halls.reload}
    >
      {!hallId && halls.data && <HallPicker halls={halls.data} onPick={setPicked} testId='display-hall-pick' />}
      {hallId && data && (
        <View className='display' data-testid='display'>
          <View className='display-head'>
            <Text className='display-head__hall' data-testid='display-hall'>
              {data.hallName}
            </Text>
            <Text className='display-head__clock'>{display.updatedAt ? clockTime(new Date(display.updatedAt).toISOString()) : ''}</Text>
          </View>
          <Board data={data} fresh={fresh} />
          <View className='display-foot'>
            <Text className='display-foot__text'>
              请留意叫号，过号请到导办台。每{POLL_SECONDS}秒更新
              {display.updatedAt ? ` · ${clockTimeWithSeconds(display.updatedAt)}` : ''}
              {display.error ? ' · 连接中断，正在重试' : ''}
            </Text>
            {engine && (
              <View className={`display-voice${voiceOn ? ' display-voice--on' : ''}`} data-testid='display-voice' data-on={voiceOn ? 'true' : 'false'} onClick={toggleVoice}>
                <Text>{voiceOn ? '语音播报：开' : '开启语音播报'}</Text>
              </View>
            )}
          </View>
        </View>
      )}
    </PageShell>
  );
}
