import { Text, View } from '@tarojs/components';

export interface FilterOption<T> {
  /** `data-code` of the chip. */
  code: string;
  value: T;
  label: string;
}

/** 全部 (value null), then one option a value, named as the API names them. */
export function withAll<T extends string>(values: readonly T[], names: Record<T, string>): FilterOption<T | null>[] {
  return [{ code: 'all', value: null, label: '全部' }, ...values.map((v) => ({ code: v, value: v, label: names[v] }))];
}

export interface FilterChipsProps<T> {
  /**
   * The page's class prefix: `<block>-filters__label`, `<block>-filters__chips` and `<block>-chip`
   * (`--on`, `--pressed`), styled in the page's stylesheet.
   */
  block: string;
  label: string;
  options: readonly FilterOption<T>[];
  value: T;
  /** On every chip, with `data-code` and `data-on`. */
  testId: string;
  onPick(value: T): void;
}

/** One labelled row of filter chips over a work list; the chip of the current value is on. */
export function FilterChips<T>({ block, label, options, value, testId, onPick }: FilterChipsProps<T>) {
  return (
    <>
      <Text className={`${block}-filters__label`}>{label}</Text>
      <View className={`${block}-filters__chips`}>
        {options.map((o) => {
          const on = o.value === value;
          return (
            <View key={o.code} className={`${block}-chip${on ? ` ${block}-chip--on` : ''}`} data-testid={testId} data-code={o.code} data-on={on ? 'true' : 'false'} hoverClass={`${block}-chip--pressed`} onClick={() => onPick(o.value)}>
              <Text>{o.label}</Text>
            </View>
          );
        })}
      </View>
    </>
  );
}
