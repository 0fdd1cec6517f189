import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HALL_LEVEL_NAMES, WINDOW_KINDS, WINDOW_KIND_NAMES, type Hall } from '@haizhu/shared-types';
import { useEffect } from 'react';
import { getHall } from '../../api/catalog';
import { Fact, LinkRow, Section, notFoundState } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { isDemo, timeRanges } from '../../utils/catalog';
import { callPhone, routeParam } from '../../utils/navigation';
import './index.scss';

function HallDetail({ hall }: { hall: Hall }) {
  const d = hall.demo;
  const ext = hall.extendedHours;
  const hasExtended = ext.delayed !== null || ext.weekend.length > 0;
  return (
    <View>
      <View className='hz-card hall-head' data-testid='hall-header'>
        <Text className='hall-head__name' data-testid='hall-name'>
          {hall.name}
        </Text>
        <Text className='hz-tag hall-head__level'>{HALL_LEVEL_NAMES[hall.level]}</Text>
      </View>

      <Section title='地址和电话' testId='hall-contact'>
        <Fact label='地址' value={hall.address ?? '地址以大厅公告为准'} testId='hall-address' demo={hall.address !== null && isDemo(d, 'address')} />
        {hall.addressNote && <Text className='hall-note'>{hall.addressNote}</Text>}
        {hall.phone ? (
          <LinkRow title={hall.phone} sub={isDemo(d, 'phone') ? '咨询电话（示例数据，以窗口告知为准）' : '咨询电话，点击拨打'} testId='hall-phone' onClick={() => callPhone(hall.phone as string)} />
        ) : (
          <LinkRow title='12345' sub='大厅电话未公布，可拨打政务服务便民热线' testId='hall-phone' onClick={() => callPhone('12345')} />
        )}
      </Section>

      <Section title='办公时间' testId='hall-hours' demo={isDemo(d, 'hours')}>
        <Fact label='工作日' value={hall.hours.weekdays.length ? timeRanges(hall.hours.weekdays) : '以大厅公告为准'} testId='hall-hours-weekdays' />
        {hall.hours.note && <Text className='hall-note'>{hall.hours.note}</Text>}
      </Section>

      <Section title='延时和错时服务' testId='hall-extended'>
        {ext.delayed && (
          <Fact label='延时服务' value={`工作日 ${ext.delayed.start}-${ext.delayed.end}`} testId='hall-delayed' demo={isDemo(d, 'extendedHours.delayed')} />
        )}
        {ext.weekend.length > 0 && (
          <Fact label='错时服务' value={`周末 ${timeRanges(ext.weekend)}`} testId='hall-weekend' demo={isDemo(d, 'extendedHours.weekend')} />
        )}
        {!hasExtended && <Text className='hall-text'>本大厅暂未公布延时或周末服务。</Text>}
        {ext.note && <Text className='hall-note'>{ext.note}</Text>}
      </Section>

      {hall.windows.length > 0 && (
        <Section title='窗口' testId='hall-windows' demo={isDemo(d, 'windows')}>
          {WINDOW_KINDS.map((kind) => {
            const windows = hall.windows.filter((w) => w.kind === kind);
            if (!windows.length) return null;
            return (
              <View key={kind} className='hall-windows' data-testid='hall-window-group' data-kind={kind}>
                <Text className='hall-windows__kind'>
                  {WINDOW_KIND_NAMES[kind]}（{windows.length}个）
                </Text>
                <View className='hz-tags'>
                  {windows.map((w) => (
                    <Text key={w.code} className='hz-tag hz-tag--plain'>
                      {w.name}
                    </Text>
                  ))}
                </View>
              </View>
            );
          })}
        </Section>
      )}

      {hall.categories.length > 0 && (
        <Section title='可办理的业务' testId='hall-categories' demo={isDemo(d, 'categories')}>
          <View className='hz-tags'>
            {hall.categories.map((c) => (
              <Text key={c.code} className='hz-tag'>
                {c.name}
              </Text>
            ))}
          </View>
        </Section>
      )}
    </View>
  );
}

/** A hall: address, phone, hours, 延时/错时 service, windows by kind, what it handles. */
export default function HallPage() {
  const id = routeParam(useRouter().params, 'id');
  const hall = useResource(id, () => getHall(id ?? ''));
  const name = hall.data?.name;
  const missing = hall.data ? null : notFoundState(hall.error, '大厅', 'hall-not-found');

  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: name });
  }, [name]);

  return (
    <PageShell
      name='hall'
      loading={hall.loading && !hall.data}
      loadingText='正在读取大厅信息…'
      error={hall.data || missing ? null : hall.error}
      onRetry={hall.reload}
      empty={id ? missing : { title: '没有指定大厅', description: '请从服务大厅列表中选择。', testId: 'hall-missing' }}
    >
      {hall.data && <HallDetail hall={hall.data} />}
    </PageShell>
  );
}
