import { createContext, useContext, useMemo, type PropsWithChildren } from 'react';
import { STORAGE_KEYS, readStorage, writeStorage } from '../utils/storage';
import { createStore, useStore } from './createStore';

/**
 * 长辈模式: larger text, taller buttons, stronger contrast. Remembered on the device so a family
 * member can switch it on once for a parent.
 */
const elderModeStore = createStore<boolean>(readStorage(STORAGE_KEYS.elderMode) === true);

interface ElderModeValue {
  elder: boolean;
  setElder(on: boolean): void;
}

function setElder(on: boolean): void {
  writeStorage(STORAGE_KEYS.elderMode, on);
  elderModeStore.set(on);
}

const ElderModeContext = createContext<ElderModeValue | null>(null);

export function ElderModeProvider({ children }: PropsWithChildren) {
  const elder = useStore(elderModeStore);
  const value = useMemo(() => ({ elder, setElder }), [elder]);
  return <ElderModeContext.Provider value={value}>{children}</ElderModeContext.Provider>;
}

export function useElderMode(): ElderModeValue {
  const fromContext = useContext(ElderModeContext);
  // Subscribing here too keeps pages correct even where a platform renders a page outside App.
  const elder = useStore(elderModeStore);
  return fromContext ?? { elder, setElder };
}
