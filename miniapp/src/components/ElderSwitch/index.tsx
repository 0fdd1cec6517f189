import { Switch } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import { Text, View } from '@tarojs/components';
import { useElderMode } from '../../store/elderMode';
import './index.scss';

/**
 * The whole row toggles 长辈模式, not just the small switch: a thumb-sized target for people who
 * find small controls hard to hit. The NutUI switch only shows the state.
 */
export function ElderSwitch({ testId = 'elder-mode-switch' }: { testId?: string }) {
  const { elder, setElder } = useElderMode();
  return (
    <View
      className='hz-elder-switch'
      data-testid={testId}
      data-checked={elder ? 'true' : 'false'}
      hoverClass='hz-elder-switch--pressed'
      onClick={() => setElder(!elder)}
    >
      <View className='hz-elder-switch__label'>
        <Text className='hz-elder-switch__title'>长辈模式</Text>
        <Text className='hz-elder-switch__desc'>{elder ? '已开启：字更大，按钮更大' : '开启后字更大，按钮更大'}</Text>
      </View>
      <Switch className='hz-elder-switch__control' checked={elder} />
    </View>
  );
}
