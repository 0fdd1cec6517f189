import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { getBundle, type BundleDetail } from '../../api/catalog';
import { DemoNote, ItemCard, MaterialCard, Section, notFoundState } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { isDemo } from '../../utils/catalog';
import { routeParam } from '../../utils/navigation';
import './index.scss';

function Bundle({ bundle }: { bundle: BundleDetail }) {
  const d = bundle.demo;
  const lines = bundle.description.split('\n').filter((l) => l.trim() !== '');
  return (
    <View>
      <View className='hz-card bundle-head' data-testid='bundle-header'>
        <Text className='bundle-head__name' data-testid='bundle-name'>
          {bundle.name}
        </Text>
        <Text className='bundle-head__lead'>
          以下{bundle.items.length}个事项合在一起办：一次申请、一套材料，相同的材料只交一次。
        </Text>
        {bundle.promisedDays !== null && (
          <View className='bundle-head__days' data-testid='bundle-promised-days'>
            <Text className='bundle-head__days-text'>
              {bundle.promisedDays === 0 ? '全部事项当场办结' : `全部办完承诺${bundle.promisedDays}个工作日`}
            </Text>
            <DemoNote show={isDemo(d, 'promisedDays')} />
            <Text className='bundle-head__days-note'>按各事项的承诺时限中最长的计算，以窗口告知为准。</Text>
          </View>
        )}
      </View>

      {lines.length > 0 && (
        <Section title='说明' testId='bundle-description' demo={isDemo(d, 'description')}>
          {lines.map((line, i) => (
            <Text key={i} className='bundle-text'>
              {line}
            </Text>
          ))}
        </Section>
      )}

      <View className='bundle-group' data-testid='bundle-items'>
        <View className='bundle-group__head'>
          <Text className='hz-section-title bundle-group__title'>包含的事项（{bundle.items.length}个）</Text>
          <DemoNote show={isDemo(d, 'itemCodes', 'items')} />
        </View>
        {bundle.items.map((item) => (
          <ItemCard key={item.itemCode} item={item} />
        ))}
      </View>

      <Section title={`合并后的材料（${bundle.materials.length}项）`} testId='bundle-materials' demo={isDemo(d, 'materials')}>
        <Text className='bundle-text bundle-text--secondary'>几个事项都要的材料只列一次。具体以各事项的办事指南为准。</Text>
        {bundle.materials.map((m) => (
          <MaterialCard key={`${m.name}-${m.itemCodes.join(',')}`} material={m} sharedBy={m.itemCodes.length} />
        ))}
      </Section>
      <Text className='hz-footnote'>办理时限、材料要求以各事项办事指南和窗口告知为准。</Text>
    </View>
  );
}

/** A 一件事: its member items, one merged list of materials and the overall promise. */
export default function BundlePage() {
  const code = routeParam(useRouter().params, 'code');
  const bundle = useResource(code, () => getBundle(code ?? ''));
  const name = bundle.data?.name;
  const missing = bundle.data ? null : notFoundState(bundle.error, '“一件事”', 'bundle-not-found');

  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: name });
  }, [name]);

  return (
    <PageShell
      name='bundle'
      loading={bundle.loading && !bundle.data}
      loadingText='正在读取“一件事”…'
      error={bundle.data || missing ? null : bundle.error}
      onRetry={bundle.reload}
      empty={code ? missing : { title: '没有指定“一件事”', description: '请从民生服务超市首页选择。', testId: 'bundle-missing' }}
    >
      {bundle.data && <Bundle bundle={bundle.data} />}
    </PageShell>
  );
}
