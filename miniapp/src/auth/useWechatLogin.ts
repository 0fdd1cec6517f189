import { useCallback, useState } from 'react';
import { wechatLogin } from '../api/auth';
import { type ApiError, toApiError } from '../api/errors';
import { saveResidentSession } from '../store/session';
import { getLoginCode } from './provider';

/** One-tap login shared by 我的 and the login page: a code from WeChat (or the simulator), then our token. */
export function useWechatLogin(onSuccess?: () => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const login = useCallback(async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const code = await getLoginCode();
      const result = await wechatLogin(code);
      saveResidentSession(result.token, result.expiresAt);
      setPending(false);
      onSuccess?.();
    } catch (e) {
      setError(toApiError(e));
      setPending(false);
    }
  }, [pending, onSuccess]);

  return { login, pending, error };
}
