import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api/errors';
import { useElderMode } from '../../store/elderMode';
import { useResidentSession, useStaffSession } from '../../store/session';
import { ErrorBoundary } from './ErrorBoundary';
import {
  EmptyState,
  ErrorState,
  LoadingState,
  LoginRequiredState,
  type EmptyStateProps,
  type LoginRealm,
} from './StateViews';
import './index.scss';

export interface PageShellProps {
  /** Names the root: class `page-<name>`, test id `page-<name>`. */
  name: string;
  /** Shown above whatever state the body is in (titles, explanations). */
  header?: ReactNode;
  requireLogin?: LoginRealm;
  /** First load, nothing to show yet. */
  loading?: boolean;
  loadingText?: string;
  error?: ApiError | null;
  onRetry?: () => void;
  empty?: EmptyStateProps | null;
  children?: ReactNode;
}

const SIGNED_OUT = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

/**
 * Every page's root: applies 长辈模式 and decides which one state the body shows — login needed,
 * error with 重试, loading, empty, or the content — so pages don't each reinvent them.
 */
export function PageShell(props: PageShellProps) {
  const { elder } = useElderMode();
  const resident = useResidentSession();
  const staff = useStaffSession();

  const signedIn = props.requireLogin === 'staff' ? staff !== null : props.requireLogin === 'resident' ? resident !== null : true;

  let body: ReactNode;
  if (props.requireLogin && !signedIn) {
    body = <LoginRequiredState realm={props.requireLogin} />;
  } else if (props.error && props.requireLogin && SIGNED_OUT.has(props.error.code)) {
    body = <LoginRequiredState realm={props.requireLogin} message={props.error.message} />;
  } else if (props.error) {
    body = <ErrorState error={props.error} onRetry={props.onRetry} />;
  } else if (props.loading) {
    body = <LoadingState text={props.loadingText} />;
  } else if (props.empty) {
    body = <EmptyState {...props.empty} />;
  } else {
    body = props.children;
  }

  return (
    <View className={`page-root page-${props.name}${elder ? ' elder' : ''}`} data-testid={`page-${props.name}`} data-elder={elder ? 'true' : 'false'}>
      <ErrorBoundary>
        {props.header}
        {body}
      </ErrorBoundary>
    </View>
  );
}

export { EmptyState, ErrorState, LoadingState, LoginRequiredState };
