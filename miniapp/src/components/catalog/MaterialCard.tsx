import { Text, View } from '@tarojs/components';
import { E_LICENCE_NAMES, type Material } from '@haizhu/shared-types';
import { MATERIAL_FORM_NAMES } from '../../utils/catalog';
import { DemoNote } from './DemoNote';

/** What both an item's material and a bundle's merged material can show. */
export interface MaterialView {
  code?: string;
  name: string;
  form: Material['form'];
  count: number;
  required: boolean;
  deficiencyAllowed: boolean;
  deficiencyWay?: string | null;
  eLicenceType: Material['eLicenceType'];
  notes?: string | null;
  whenOptions?: string[];
}

export interface MaterialCardProps {
  material: MaterialView;
  demo?: boolean;
  /** A bundle's merged list: how many of its items ask for this material. */
  sharedBy?: number;
  /** The situation is already answered: a material shown applies, so only `required` decides. */
  resolved?: boolean;
}

/** A material with its badges: 原件/复印件, 份数, 必需/视情形, 容缺受理, 电子证照免提交. */
export function MaterialCard({ material: m, demo = false, sharedBy, resolved = false }: MaterialCardProps) {
  const conditional = !m.required || (!resolved && (m.whenOptions?.length ?? 0) > 0);
  return (
    <View className='hz-material' data-testid='material' data-code={m.code ?? m.name}>
      <Text className='hz-material__name' data-testid='material-name'>
        {m.name}
      </Text>
      <View className='hz-tags' data-testid='material-badges'>
        <Text className='hz-tag' data-testid='material-badge-form'>
          {MATERIAL_FORM_NAMES[m.form]}
        </Text>
        {m.count > 0 && (
          <Text className='hz-tag hz-tag--plain' data-testid='material-badge-count'>
            {m.count}份
          </Text>
        )}
        <Text className={`hz-tag ${conditional ? 'hz-tag--plain' : 'hz-tag--strong'}`} data-testid='material-badge-required'>
          {conditional ? '视情形' : '必需'}
        </Text>
        {m.deficiencyAllowed && (
          <Text className='hz-tag hz-tag--warning' data-testid='material-badge-deficiency'>
            容缺受理
          </Text>
        )}
        {m.eLicenceType && (
          <Text className='hz-tag hz-tag--success' data-testid='material-badge-elicence'>
            电子证照免提交
          </Text>
        )}
        {sharedBy !== undefined && sharedBy > 1 && (
          <Text className='hz-tag hz-tag--outline' data-testid='material-badge-shared'>
            共用于{sharedBy}个事项
          </Text>
        )}
      </View>
      {m.deficiencyAllowed && (
        <Text className='hz-material__line'>可先受理、后补交{m.deficiencyWay ? `：${m.deficiencyWay}` : '，补交方式请咨询窗口'}</Text>
      )}
      {m.eLicenceType && <Text className='hz-material__line'>可用{E_LICENCE_NAMES[m.eLicenceType]}电子证照代替，免提交</Text>}
      {m.notes && <Text className='hz-material__line'>{m.notes}</Text>}
      <DemoNote show={demo} />
    </View>
  );
}
