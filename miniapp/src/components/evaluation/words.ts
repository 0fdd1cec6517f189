import { CHANNEL_OF_TARGET, type EvaluationTargetType } from '@haizhu/shared-types';

/** Who answers for a 差评 (谁办理、谁负责): the deciding department online, the serving hall on site. */
export function unitWord(targetType: EvaluationTargetType): string {
  return CHANNEL_OF_TARGET[targetType] === 'hall' ? '服务大厅' : '办理部门';
}
