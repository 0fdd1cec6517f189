import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { HALL_LEVEL_NAMES, SERVICE_MODE_NAMES } from '@haizhu/shared-types';
import { getItem, type ItemDetail } from '../../api/catalog';
import { BigButton } from '../../components/BigButton';
import { BulletList, DemoNote, Fact, LinkRow, MaterialCard, Section, notFoundState } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { isDemo, promisedLabel, visitsLabel, yuan } from '../../utils/catalog';
import { callPhone, goPage, pageUrl, routeParam } from '../../utils/navigation';
import './index.scss';

const DELIVERY_NAMES: Record<ItemDetail['resultDelivery'][number], string> = {
  electronic: '电子结果（手机上查看）',
  window: '到窗口领取',
  courier: '邮寄到家',
};

function Header({ item }: { item: ItemDetail }) {
  const visits = visitsLabel(item.maxVisits);
  const promised = promisedLabel(item.promisedDays);
  const demo = item.demo;
  return (
    <View className='hz-card item-head' data-testid='item-header'>
      <Text className='item-head__name' data-testid='item-name'>
        {item.name}
      </Text>
      <Text className='item-head__dept' data-testid='item-department'>
        {item.departmentName}
      </Text>
      <View className='hz-tags'>
        {visits && <Text className='hz-tag hz-tag--success'>{visits}</Text>}
        {promised && <Text className='hz-tag'>{promised}</Text>}
        {item.modes.map((m) => (
          <Text key={m} className='hz-tag hz-tag--plain'>
            {SERVICE_MODE_NAMES[m]}
          </Text>
        ))}
      </View>
      <DemoNote show={isDemo(demo, 'modes', 'guide.maxVisits', 'maxVisits', 'guide.promisedDays', 'promisedDays')} testId='item-header-demo' />
      {item.situations.length > 0 && (
        <View className='item-head__situation'>
          <Text className='item-head__situation-text'>不同情况要带的材料不同。回答{item.situations.length}个问题，只看您需要的材料。</Text>
          <BigButton variant='secondary' onClick={() => goPage(pageUrl('/pages/situation/index', { code: item.itemCode }))} testId='item-situation-button'>
            情形引导：我要带哪些材料
          </BigButton>
        </View>
      )}
    </View>
  );
}

function Materials({ item }: { item: ItemDetail }) {
  // When the whole list is demonstration data one note says so; otherwise each marked material does.
  const wholeList = item.demo.some((d) => d === 'materials');
  return (
    <Section title='所需材料' testId='guide-materials' demo={wholeList}>
      {item.materials.length === 0 ? (
        <Text className='item-empty-line'>指南未列出需要的材料，请向窗口咨询。</Text>
      ) : (
        item.materials.map((m, i) => <MaterialCard key={m.code} material={m} demo={!wholeList && (m.demo.length > 0 || isDemo(item.demo, `materials.${i}`))} />)
      )}
    </Section>
  );
}

function TimeLimit({ item }: { item: ItemDetail }) {
  const d = item.demo;
  const promisedDemo = isDemo(d, 'guide.promisedDays', 'promisedDays');
  const legalDemo = isDemo(d, 'guide.legalDays', 'legalDays');
  const visits = visitsLabel(item.maxVisits);
  return (
    <Section title='办理时限' testId='guide-time'>
      <Fact
        label='承诺时限'
        value={item.promisedDays === null ? '未公布，以窗口告知为准' : item.promisedDays === 0 ? '当场办结' : `${item.promisedDays}个工作日`}
        testId='guide-promised-days'
        demo={promisedDemo}
      />
      <Fact label='法定时限' value={item.legalDays === null ? '未公布' : `${item.legalDays}个工作日`} testId='guide-legal-days' demo={legalDemo} />
      {item.speedUpPercent !== null && item.speedUpPercent > 0 && (
        <View className='item-speedup' data-testid='guide-speed-up'>
          <Text className='item-speedup__text'>比法定时限快 {item.speedUpPercent}%</Text>
          <DemoNote show={promisedDemo || legalDemo} />
        </View>
      )}
      {visits && <Fact label='跑动次数' value={visits} testId='guide-max-visits' demo={isDemo(d, 'guide.maxVisits', 'maxVisits')} />}
    </Section>
  );
}

function Fee({ item }: { item: ItemDetail }) {
  const fee = item.guide.fee;
  const amount = fee.free ? '不收费' : fee.amountFen !== null ? yuan(fee.amountFen) : '收费';
  return (
    <Section title='收费' testId='guide-fee' demo={isDemo(item.demo, 'guide.fee', 'fee')}>
      <Text className='item-fee' data-testid='guide-fee-amount'>
        {amount}
      </Text>
      {fee.description && fee.description !== amount && <Text className='item-text'>{fee.description}</Text>}
    </Section>
  );
}

function Places({ item }: { item: ItemDetail }) {
  const hallName = new Map(item.halls.map((h) => [h.id, h.name]));
  const placed = new Set(item.guide.places.map((p) => p.hallId).filter(Boolean));
  const others = item.halls.filter((h) => !placed.has(h.id));
  const openHall = (id: string) => goPage(pageUrl('/pages/hall/index', { id }));
  return (
    <Section title='办理地点' testId='guide-places' demo={isDemo(item.demo, 'guide.places')}>
      {item.guide.places.map((p, i) =>
        p.hallId ? (
          <LinkRow key={i} title={hallName.get(p.hallId) ?? p.description} sub={p.description} testId='guide-hall-link' code={p.hallId} onClick={() => openHall(p.hallId as string)} />
        ) : (
          <View key={i} className='item-place'>
            <Text className='item-text'>{p.description}</Text>
          </View>
        ),
      )}
      {others.map((h) => (
        <LinkRow key={h.id} title={h.name} sub={HALL_LEVEL_NAMES[h.level]} testId='guide-hall-link' code={h.id} onClick={() => openHall(h.id)} />
      ))}
      {item.guide.places.length === 0 && item.halls.length === 0 && <Text className='item-empty-line'>请向咨询电话或 12345 热线确认办理地点。</Text>}
      <LinkRow title='查看全部服务大厅' testId='guide-all-halls' onClick={() => goPage('/pages/halls/index')} />
    </Section>
  );
}

function Contacts({ item }: { item: ItemDetail }) {
  const contacts = item.guide.contacts.length ? item.guide.contacts : [{ name: '广州12345政务服务便民热线', phone: '12345' }];
  return (
    <Section title='咨询电话' testId='guide-contacts' demo={item.guide.contacts.length > 0 && isDemo(item.demo, 'guide.contacts')}>
      {contacts.map((c, i) => (
        <LinkRow key={i} title={c.phone} sub={c.name} testId='guide-contact' onClick={() => callPhone(c.phone)} />
      ))}
    </Section>
  );
}

function Guide({ item }: { item: ItemDetail }) {
  const g = item.guide;
  const d = item.demo;
  return (
    <View className='item-guide'>
      <Header item={item} />

      <Section title='办理条件' testId='guide-conditions' demo={isDemo(d, 'guide.conditions', 'conditions')}>
        {g.conditions.length ? <BulletList lines={g.conditions} /> : <Text className='item-empty-line'>指南未列出办理条件。</Text>}
      </Section>

      <Materials item={item} />

      {g.process.length > 0 && (
        <Section title='办理流程' testId='guide-process' demo={isDemo(d, 'guide.process')}>
          {g.process.map((p, i) => (
            <View key={i} className='item-step'>
              <Text className='item-step__no'>{i + 1}</Text>
              <View className='item-step__body'>
                <Text className='item-step__title'>{p.step}</Text>
                <Text className='item-step__text'>{p.description}</Text>
              </View>
            </View>
          ))}
        </Section>
      )}

      <TimeLimit item={item} />
      <Fee item={item} />
      <Places item={item} />
      <Contacts item={item} />

      {g.legalBasis.length > 0 && (
        <Section title='设定依据' testId='guide-legal-basis' demo={isDemo(d, 'guide.legalBasis', 'legalBasis')}>
          <BulletList lines={g.legalBasis} />
        </Section>
      )}

      {(g.channels.length > 0 || item.resultDelivery.length > 0) && (
        <Section title='办理渠道' testId='guide-channels'>
          {g.channels.length > 0 && (
            <View>
              <BulletList lines={g.channels} />
              <DemoNote show={isDemo(d, 'guide.channels')} />
            </View>
          )}
          {item.resultDelivery.length > 0 && (
            <Fact label='取结果' value={item.resultDelivery.map((r) => DELIVERY_NAMES[r]).join('、')} testId='guide-result-delivery' demo={isDemo(d, 'resultDelivery')} />
          )}
        </Section>
      )}

      {g.notes && (
        <Section title='温馨提示' testId='guide-notes' demo={isDemo(d, 'guide.notes')}>
          {g.notes.split('\n').map((line, i) => (
            <Text key={i} className='item-text'>
              {line}
            </Text>
          ))}
        </Section>
      )}

      {item.bundles.length > 0 && (
        <Section title='可以一起办的“一件事”' testId='guide-bundles'>
          <Text className='item-text'>本事项也在下面的“一件事”里，相关事项合在一起办，材料只交一次。</Text>
          {item.bundles.map((b) => (
            <LinkRow key={b.code} title={b.name} testId='guide-bundle-link' code={b.code} onClick={() => goPage(pageUrl('/pages/bundle/index', { code: b.code }))} />
          ))}
        </Section>
      )}

      {item.sources.length > 0 && (
        <Text className='hz-footnote' data-testid='guide-sources'>
          信息来源：{item.sources.map((s) => s.title).join('；')}
        </Text>
      )}
      <Text className='hz-footnote'>
        指南版本 {item.version}，发布于 {item.publishedAt.slice(0, 10)}。标有“示例数据”的内容仅供参考，以窗口告知为准。
      </Text>
    </View>
  );
}

function ActionBar({ item }: { item: ItemDetail }) {
  return (
    <View className='item-actions' data-testid='item-actions'>
      {/* Asking first is often all a resident needs: the item's department answers online. */}
      <View className='item-actions__button item-actions__button--secondary item-actions__button--consult' data-testid='item-action-consult' hoverClass='item-actions__button--pressed' onClick={() => goPage(pageUrl('/consult/ask/index', { itemCode: item.itemCode }))}>
        <Text>咨询</Text>
      </View>
      {item.bookable && (
        <View className='item-actions__button item-actions__button--secondary' data-testid='item-action-book' hoverClass='item-actions__button--pressed' onClick={() => goPage(pageUrl('/pages/book/index', { category: item.appointmentCategory, itemCode: item.itemCode }))}>
          <Text>预约办理</Text>
        </View>
      )}
      {item.onlineApply && (
        <View className='item-actions__button' data-testid='item-action-apply' hoverClass='item-actions__button--pressed' onClick={() => goPage(pageUrl('/apply/start/index', { code: item.itemCode }))}>
          <Text>在线申办</Text>
        </View>
      )}
      {!item.bookable && !item.onlineApply && (
        <View className='item-actions__button' data-testid='item-action-halls' hoverClass='item-actions__button--pressed' onClick={() => goPage('/pages/halls/index')}>
          <Text>到大厅办理：查看大厅</Text>
        </View>
      )}
    </View>
  );
}

/** 办事指南: what to bring, where, how long, what it costs — with demonstration values marked. */
export default function ItemPage() {
  const code = routeParam(useRouter().params, 'code');
  const item = useResource(code, () => getItem(code ?? ''));
  const missing = item.data ? null : notFoundState(item.error, '事项', 'item-not-found');

  return (
    <PageShell
      name='item'
      loading={item.loading && !item.data}
      loadingText='正在打开办事指南…'
      error={item.data || missing ? null : item.error}
      onRetry={item.reload}
      empty={code ? missing : { title: '没有指定要查看的事项', description: '请从民生服务超市或搜索结果中选择事项。', testId: 'item-missing' }}
    >
      {item.data && (
        <View className='item-page'>
          <Guide item={item.data} />
          <ActionBar item={item.data} />
        </View>
      )}
    </PageShell>
  );
}
