import { useState } from 'react';
import { type ApiError, toApiError } from '../api/errors';

export interface Submit<T> {
  pending: boolean;
  /** The API's answer to the last attempt, shown while the sheet or form stays open. */
  error: ApiError | null;
  /** Runs `call` unless one runs already; its answer goes to `onDone` with `message` (the toast). */
  send(call: () => Promise<T>, message: string): Promise<void>;
}

/** The one request of a sheet or form: one at a time, kept open with the API's message when it fails. */
export function useSubmit<T>(onDone: (result: T, message: string) => void): Submit<T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (call: () => Promise<T>, message: string) => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      onDone(await call(), message);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };
  return { pending, error, send };
}
