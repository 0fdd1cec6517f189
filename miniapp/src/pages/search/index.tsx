import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { suggestItems } from '../../api/catalog';
import { BigButton } from '../../components/BigButton';
import { ItemResults } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useItemList } from '../../hooks/useItemList';
import { callPhone, routeParam } from '../../utils/navigation';
import './index.scss';

const SUGGEST_DELAY_MS = 250;
const MAX_QUERY = 50;

/** Searches that find something in the catalogue, in the words residents use. */
const EXAMPLES = ['社保卡', '生孩子', '退休', '居住证', 'sbk'];

function Examples({ onPick }: { onPick(q: string): void }) {
  return (
    <View className='search-examples'>
      {EXAMPLES.map((q) => (
        <View key={q} className='search-examples__chip' data-testid='search-example' hoverClass='search-examples__chip--pressed' onClick={() => onPick(q)}>
          <Text>{q}</Text>
        </View>
      ))}
    </View>
  );
}

/** Search the 超市: suggestions while typing, ranked results with why each matched. */
export default function SearchPage() {
  const initial = routeParam(useRouter().params, 'q') ?? '';
  const [text, setText] = useState(initial);
  const [submitted, setSubmitted] = useState<string | null>(initial.trim() || null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [emptyHint, setEmptyHint] = useState(false);

  const filter = useMemo(() => (submitted ? { q: submitted } : null), [submitted]);
  const list = useItemList(filter);

  // Suggestions follow the typing, a quarter second behind it; an answer for older text is dropped.
  useEffect(() => {
    const q = text.trim();
    if (!q || q === submitted) {
      setSuggestions([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      suggestItems(q).then(
        (names) => {
          if (!stale) setSuggestions(names);
        },
        () => {
          // Suggestions are a convenience: 搜索 still works without them.
          if (!stale) setSuggestions([]);
        },
      );
    }, SUGGEST_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [text, submitted]);

  const search = (value: string) => {
    const q = value.trim().slice(0, MAX_QUERY);
    if (!q) {
      setEmptyHint(true);
      return;
    }
    setEmptyHint(false);
    setText(q);
    setSuggestions([]);
    setSubmitted(q);
  };

  const clear = () => {
    setText('');
    setSubmitted(null);
    setSuggestions([]);
  };

  const showSuggestions = suggestions.length > 0 && text.trim() !== submitted;

  const header = (
    <View>
      <View className='search-bar'>
        <Input
          className='search-bar__input'
          value={text}
          focus
          maxlength={MAX_QUERY}
          placeholder='输入要办的事'
          placeholderClass='search-bar__placeholder'
          confirmType='search'
          onInput={(e) => {
            setText(e.detail.value);
            setEmptyHint(false);
          }}
          onConfirm={(e) => search(e.detail.value)}
          data-testid='search-input'
        />
        {text !== '' && (
          <View className='search-bar__clear' data-testid='search-clear' onClick={clear}>
            <Text>×</Text>
          </View>
        )}
        <View className='search-bar__submit' data-testid='search-submit' hoverClass='search-bar__submit--pressed' onClick={() => search(text)}>
          <Text>搜索</Text>
        </View>
      </View>
      {emptyHint && (
        <Text className='hz-form-error search-hint' data-testid='search-empty-input'>
          请先输入要办的事，例如“社保卡”。
        </Text>
      )}
      {showSuggestions && (
        <View className='hz-card search-suggestions' data-testid='search-suggestions'>
          {suggestions.map((name) => (
            <View key={name} className='search-suggestions__row' data-testid='search-suggestion' hoverClass='search-suggestions__row--pressed' onClick={() => search(name)}>
              <Text className='search-suggestions__icon'>搜</Text>
              <Text className='search-suggestions__name' data-testid='search-suggestion-name'>
                {name}
              </Text>
            </View>
          ))}
        </View>
      )}
      {submitted && list.loaded && list.items.length > 0 && !showSuggestions && (
        <Text className='search-summary' data-testid='search-summary'>
          “{submitted}”的搜索结果
        </Text>
      )}
    </View>
  );

  return (
    <PageShell
      name='search'
      header={header}
      loading={list.loading}
      loadingText='正在搜索…'
      error={list.error}
      onRetry={list.reload}
      empty={
        submitted && list.loaded && list.items.length === 0
          ? {
              title: `没有找到与“${submitted}”相关的事项`,
              description: '试试换个说法，或只输入关键的两三个字；也可以用拼音首字母，例如“sbk”。',
              testId: 'search-empty',
              action: (
                <View>
                  <Text className='search-examples__title'>可以这样搜：</Text>
                  <Examples onPick={search} />
                  <BigButton variant='secondary' onClick={() => callPhone('12345')} testId='search-hotline'>
                    拨打 12345 政务服务便民热线
                  </BigButton>
                </View>
              ),
            }
          : null
      }
    >
      {submitted ? (
        <ItemResults list={list} testId='search-results' />
      ) : (
        !showSuggestions && (
          <View className='hz-card search-tips' data-testid='search-tips'>
            <Text className='hz-card__title'>怎么搜</Text>
            <Text className='hz-card__text'>用自己的话说就行，比如“生孩子”“社保卡丢了”。也可以输入拼音或拼音首字母。</Text>
            <Examples onPick={search} />
          </View>
        )
      )}
    </PageShell>
  );
}
