import { Text, View } from '@tarojs/components';
import { DemoNote } from './DemoNote';

export interface FactProps {
  label: string;
  value: string;
  testId?: string;
  demo?: boolean;
}

/** A label and its value (承诺时限 10个工作日), with the demo note on its own line below. */
export function Fact({ label, value, testId, demo = false }: FactProps) {
  return (
    <View className='hz-fact' data-testid={testId}>
      <View className='hz-fact__row'>
        <Text className='hz-fact__label'>{label}</Text>
        <Text className='hz-fact__value'>{value}</Text>
      </View>
      <DemoNote show={demo} />
    </View>
  );
}
