import { Text, View } from '@tarojs/components';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { BigButton } from '../BigButton';

interface Props {
  children: ReactNode;
}

interface State {
  failed: boolean;
}

/** A rendering bug on one page shows a way out instead of a blank screen. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console is what a developer or the devtools log will see; nothing personal is in it.
    console.error('page render failed', error, info.componentStack);
  }

  private readonly retry = () => this.setState({ failed: false });

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <View className='hz-state hz-state--error' data-testid='state-crashed'>
        <View className='hz-state__icon hz-state__icon--error'>!</View>
        <Text className='hz-state__title'>页面出了点问题</Text>
        <Text className='hz-state__text'>请点“重试”，或返回上一页后再进入。</Text>
        <View className='hz-state__actions'>
          <BigButton variant='secondary' onClick={this.retry}>
            重试
          </BigButton>
        </View>
      </View>
    );
  }
}
