import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { SituationQuestion } from '@haizhu/shared-types';
import { useState } from 'react';
import { getItem, type ItemDetail } from '../../api/catalog';
import { BigButton } from '../../components/BigButton';
import { MaterialCard, Section, notFoundState } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { materialApplies } from '../../utils/catalog';
import { goBackOr, goPage, pageUrl, routeParam } from '../../utils/navigation';
import './index.scss';

/** Question → chosen option code. */
type Answers = Record<string, string>;

function Question({
  question,
  index,
  total,
  chosen,
  onChoose,
  onBack,
}: {
  question: SituationQuestion;
  index: number;
  total: number;
  chosen: string | undefined;
  onChoose(option: string): void;
  onBack?: () => void;
}) {
  return (
    <View className='hz-card situation-question' data-testid='situation-question' data-code={question.code}>
      <Text className='situation-question__progress' data-testid='situation-progress'>
        第{index + 1}/{total}题
      </Text>
      <View className='situation-question__bar'>
        <View className='situation-question__bar-fill' style={{ width: `${((index + 1) / total) * 100}%` }} />
      </View>
      <Text className='situation-question__text' data-testid='situation-question-text'>
        {question.question}
      </Text>
      <View className='situation-question__options'>
        {question.options.map((o) => (
          <View
            key={o.code}
            className={`situation-option${chosen === o.code ? ' situation-option--chosen' : ''}`}
            data-testid='situation-option'
            data-code={o.code}
            hoverClass='situation-option--pressed'
            onClick={() => onChoose(o.code)}
          >
            <View className='situation-option__radio' />
            <Text className='situation-option__label'>{o.label}</Text>
          </View>
        ))}
      </View>
      {onBack && (
        <BigButton variant='plain' onClick={onBack} testId='situation-back'>
          ‹ 上一题
        </BigButton>
      )}
    </View>
  );
}

function Result({ item, answers, onRestart }: { item: ItemDetail; answers: Answers; onRestart(): void }) {
  const chosen = new Set(Object.values(answers));
  const applies = item.materials.filter((m) => materialApplies(m.whenOptions, chosen));
  const hidden = item.materials.length - applies.length;
  const wholeListDemo = item.demo.includes('materials');
  return (
    <View data-testid='situation-result'>
      <View className='hz-card'>
        <Text className='hz-card__title'>您的情况</Text>
        <View className='situation-answers'>
          {item.situations.map((q) => {
            const option = q.options.find((o) => o.code === answers[q.code]);
            return (
              <View key={q.code} className='situation-answer' data-testid='situation-answer'>
                <Text className='situation-answer__q'>{q.question}</Text>
                <Text className='situation-answer__a'>{option?.label ?? '未选择'}</Text>
              </View>
            );
          })}
        </View>
        <BigButton variant='secondary' onClick={onRestart} testId='situation-restart'>
          重新选择
        </BigButton>
      </View>

      <Section title={`您需要准备的材料（${applies.length}项）`} testId='situation-materials' demo={wholeListDemo}>
        {applies.length === 0 ? (
          <Text className='situation-none'>按您的情况，指南未列出需要的材料，请向窗口咨询。</Text>
        ) : (
          applies.map((m) => <MaterialCard key={m.code} material={m} demo={!wholeListDemo && m.demo.length > 0} resolved />)
        )}
        {hidden > 0 && (
          <Text className='situation-hidden' data-testid='situation-hidden-count'>
            另有{hidden}项材料与您的情况无关，已省略。
          </Text>
        )}
      </Section>

      <BigButton variant='secondary' onClick={() => goBackOr('/pages/services/index')} testId='situation-guide'>
        返回办事指南
      </BigButton>
    </View>
  );
}

/** 情形引导: a few questions, one at a time, then only the materials that apply. */
export default function SituationPage() {
  const code = routeParam(useRouter().params, 'code');
  const item = useResource(code, () => getItem(code ?? ''));
  const missing = item.data ? null : notFoundState(item.error, '事项', 'situation-not-found');
  const [answers, setAnswers] = useState<Answers>({});
  const [step, setStep] = useState(0);

  const data = item.data;
  const questions = data?.situations ?? [];
  const done = questions.length > 0 && step >= questions.length;

  // Each question (and the result) starts at the top, where its progress line is.
  const goStep = (next: number) => {
    setStep(next);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };
  const choose = (question: string, option: string) => {
    setAnswers((a) => ({ ...a, [question]: option }));
    goStep(step + 1);
  };
  const restart = () => {
    setAnswers({});
    goStep(0);
  };

  const current = questions[step];
  return (
    <PageShell
      name='situation'
      header={
        data && (
          <View className='situation-header'>
            <Text className='situation-header__name' data-testid='situation-item-name'>
              {data.name}
            </Text>
            <Text className='situation-header__hint'>回答几个问题，只列出您需要准备的材料。</Text>
          </View>
        )
      }
      loading={item.loading && !data}
      loadingText='正在读取问题…'
      error={data || missing ? null : item.error}
      onRetry={item.reload}
      empty={
        !code
          ? { title: '没有指定事项', description: '请从办事指南进入情形引导。', testId: 'situation-missing' }
          : missing
            ? missing
            : data && questions.length === 0
            ? {
                title: '这个事项不用分情形',
                description: '所有人要准备的材料都一样，请直接看办事指南。',
                testId: 'situation-none',
                action: (
                  <BigButton onClick={() => goPage(pageUrl('/pages/item/index', { code }))} testId='situation-open-guide'>
                    查看办事指南
                  </BigButton>
                ),
              }
            : null
      }
    >
      {data && done && <Result item={data} answers={answers} onRestart={restart} />}
      {data && !done && current && (
        <Question
          key={current.code}
          question={current}
          index={step}
          total={questions.length}
          chosen={answers[current.code]}
          onChoose={(o) => choose(current.code, o)}
          onBack={step > 0 ? () => goStep(step - 1) : undefined}
        />
      )}
    </PageShell>
  );
}
