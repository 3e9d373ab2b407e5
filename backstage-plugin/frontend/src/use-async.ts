import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry: () => void;
}

/** Runs fn when deps change; keeps the previous value while reloading (no flicker on filter changes). */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<Omit<AsyncState<T>, 'retry'>>({ loading: true });
  const [tick, setTick] = useState(0);
  const call = useRef(0);
  useEffect(() => {
    const id = ++call.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (value) => id === call.current && setState({ loading: false, value }),
      (error: Error) => id === call.current && setState((s) => ({ loading: false, error, ...(s.value !== undefined ? { value: s.value } : {}) })),
    );
  }, [...deps, tick]);
  const retry = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, retry };
}
