import { Text, View } from '@tarojs/components';
import { HALL_LEVELS, type Hall } from '@haizhu/shared-types';
import { useState } from 'react';
import { getHalls } from '../api/catalog';
import { ChoiceRow } from '../components/appointment';
import { useResource, type Resource } from '../hooks/useResource';
import { useStaffSession } from '../store/session';

export interface StaffHall {
  halls: Resource<Hall[]>;
  hall: Hall | null;
  /** Staff of one hall work there; a district admin picks (and may change) the hall. */
  canChoose: boolean;
  choose(id: string | null): void;
}

/** The hall a staff page works on: the account's own, or one a district admin chose. */
export function useStaffHall(preset: string | null = null): StaffHall {
  const session = useStaffSession();
  const own = session?.staff.hallId ?? null;
  const [chosen, setChosen] = useState<string | null>(preset);
  const halls = useResource('halls', () => getHalls());
  const id = own ?? chosen;
  return {
    halls,
    hall: halls.data?.find((h) => h.id === id) ?? null,
    canChoose: own === null,
    choose: setChosen,
  };
}

export function HallPicker({ halls, onPick, testId = 'staff-hall' }: { halls: Hall[]; onPick(id: string): void; testId?: string }) {
  const sorted = halls.slice().sort((a, b) => HALL_LEVELS.indexOf(a.level) - HALL_LEVELS.indexOf(b.level));
  return (
    <View data-testid={`${testId}-picker`}>
      <Text className='hz-section-title'>请选择大厅</Text>
      {sorted.map((h) => (
        <ChoiceRow key={h.id} title={h.name} sub={`${h.windows.length}个窗口`} testId={testId} code={h.id} onClick={() => onPick(h.id)} />
      ))}
    </View>
  );
}
