import { Text, View } from '@tarojs/components';
import { E_LICENCE_NAMES, type ApplicationView, type ELicenceType } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { fetchELicence, getLibrary, provideMaterial, uploadMaterialFile, type MaterialSource, type UploadedFile } from '../../api/application';
import { type ApiError, toApiError } from '../../api/errors';
import { BottomSheet } from '../../components/BottomSheet';
import { LoadingState } from '../../components/PageShell';
import { formatChineseDateTime } from '../../utils/datetime';
import { pickFile, type PickKind } from './filePicker';

export type CaseMaterial = ApplicationView['materials'][number];

/** What the catalogue says about the material beyond the case view: notes, 容缺 way. */
export interface MaterialGuide {
  notes: string | null;
  deficiencyWay: string | null;
}

const SOURCE_NAMES = { upload: '已上传文件', library: '已从材料库选用', e_licence: '已使用电子证照，免提交' } as const;

function eLicenceName(type: string | null): string {
  if (!type) return '电子证照';
  return E_LICENCE_NAMES[type as ELicenceType] ?? '电子证照';
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Status({ m }: { m: CaseMaterial }) {
  if (m.supplementRequested && !m.provided) return <Text className='apply-material__status apply-material__status--todo' data-testid='apply-material-status' data-state='supplement'>需重新提供</Text>;
  if (m.provided) return <Text className='apply-material__status apply-material__status--done' data-testid='apply-material-status' data-state='provided'>已提供</Text>;
  if (m.deficient) return <Text className='apply-material__status apply-material__status--todo' data-testid='apply-material-status' data-state='deficient'>待补齐</Text>;
  if (!m.required) return <Text className='apply-material__status' data-testid='apply-material-status' data-state='optional'>选填</Text>;
  return <Text className='apply-material__status apply-material__status--todo' data-testid='apply-material-status' data-state='missing'>未提供</Text>;
}

export interface MaterialProviderProps {
  applicationId: string;
  material: CaseMaterial;
  guide?: MaterialGuide;
  /** The resident may (re)provide it now. */
  editable: boolean;
  /** Uploads are also kept in 我的材料库 under the material's name. */
  keepInLibrary: boolean;
  onChanged(view: ApplicationView): void;
}

/**
 * One material of a case: what it is, whether it is given, and the ways to give it — a photo or
 * file with upload progress, a file from 我的材料库, or the e-licence (免提交) where accepted.
 */
export function MaterialProvider({ applicationId, material: m, guide, editable, keepInLibrary, onChanged }: MaterialProviderProps) {
  const [progress, setProgress] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [fetching, setFetching] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [library, setLibrary] = useState<UploadedFile[] | null>(null);
  const [libraryError, setLibraryError] = useState<ApiError | null>(null);
  const busy = progress !== null || saving || fetching;
  const abortRef = useRef<(() => void) | null>(null);
  const cancelled = useRef(false);

  const provide = async (source: MaterialSource) => {
    setSaving(true);
    try {
      onChanged(await provideMaterial(applicationId, m.code, source));
    } finally {
      setSaving(false);
    }
  };

  const upload = async (kind: PickKind) => {
    if (busy) return;
    setError(null);
    try {
      const picked = await pickFile(kind);
      if (!picked) return;
      cancelled.current = false;
      setProgress(0);
      const handle = uploadMaterialFile(picked, { title: keepInLibrary ? m.name : undefined, onProgress: setProgress });
      abortRef.current = handle.abort;
      const file = await handle.done;
      setProgress(null);
      await provide({ fileId: file.id });
    } catch (e) {
      // The resident's own 取消 is not a failure to report.
      if (!cancelled.current) setError(toApiError(e));
    } finally {
      abortRef.current = null;
      setProgress(null);
    }
  };

  const cancelUpload = () => {
    cancelled.current = true;
    abortRef.current?.();
  };

  const chooseELicence = async () => {
    if (busy || !m.eLicenceType) return;
    setError(null);
    try {
      await provide({ eLicenceType: m.eLicenceType });
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== 'E_LICENCE_NOT_FETCHED') {
        setError(err);
        return;
      }
      // Not held yet: fetch it from the issuing department once, then use it.
      setFetching(true);
      try {
        await fetchELicence(m.eLicenceType);
        await provide({ eLicenceType: m.eLicenceType });
      } catch (again) {
        setError(toApiError(again));
      } finally {
        setFetching(false);
      }
    }
  };

  const openLibrary = async () => {
    if (busy) return;
    setLibraryOpen(true);
    setLibraryError(null);
    setLibrary(null);
    try {
      setLibrary(await getLibrary());
    } catch (e) {
      setLibraryError(toApiError(e));
    }
  };

  const chooseFromLibrary = async (item: UploadedFile) => {
    setLibraryOpen(false);
    setError(null);
    try {
      await provide({ libraryItemId: item.id });
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const provided = m.provided;
  return (
    <View className={`hz-card apply-material${m.supplementRequested ? ' apply-material--flagged' : ''}`} data-testid='apply-material' data-code={m.code} data-provided={provided ? provided.source : 'none'}>
      <View className='apply-material__head'>
        <Text className='apply-material__name' data-testid='apply-material-name'>
          {m.name}
        </Text>
        <Status m={m} />
      </View>

      <View className='hz-tags'>
        <Text className={`hz-tag ${m.required ? 'hz-tag--outline' : 'hz-tag--plain'}`}>{m.required ? '必须提供' : '可不提供'}</Text>
        {m.deficiencyAllowed && (
          <Text className='hz-tag hz-tag--warning' data-testid='apply-material-deficiency'>
            可容缺：可先受理，后补交
          </Text>
        )}
        {m.eLicenceType && <Text className='hz-tag hz-tag--success'>可用电子证照</Text>}
      </View>

      {guide?.notes && <Text className='apply-material__note'>{guide.notes}</Text>}
      {m.deficiencyAllowed && guide?.deficiencyWay && !provided && <Text className='apply-material__note'>容缺补交方式：{guide.deficiencyWay}</Text>}

      {m.supplementRequested && (
        <View className='hz-alert apply-material__alert' data-testid='apply-material-supplement'>
          工作人员要求重新提供这项材料{provided ? '，您已重新提供' : ''}。
        </View>
      )}
      {m.deficient && (
        <View className='hz-alert apply-material__alert apply-material__alert--warning' data-testid='apply-material-deficient'>
          容缺受理：请在 {m.deficient.due} 前补齐（{m.deficient.way}）
        </View>
      )}

      {provided && (
        <Text className='apply-material__provided' data-testid='apply-material-provided'>
          ✓ {provided.source === 'e_licence' ? `已使用电子证照（${eLicenceName(provided.eLicenceType)}），免提交` : SOURCE_NAMES[provided.source]} · {formatChineseDateTime(provided.at)}
        </Text>
      )}

      {progress !== null && (
        <View className='apply-upload' data-testid='apply-material-progress' data-progress={progress}>
          <View className='apply-upload__bar'>
            <View className='apply-upload__fill' style={{ width: `${progress}%` }} />
          </View>
          <View className='apply-upload__row'>
            <Text className='apply-upload__text'>正在上传 {progress}%</Text>
            <Text className='apply-upload__cancel' data-testid='apply-material-cancel' onClick={cancelUpload}>
              取消
            </Text>
          </View>
        </View>
      )}
      {fetching && <Text className='apply-upload__text' data-testid='apply-material-fetching'>正在从发证部门获取电子证照…</Text>}
      {saving && progress === null && !fetching && <Text className='apply-upload__text' data-testid='apply-material-saving'>正在保存…</Text>}

      {error && (
        <View className='hz-alert apply-material__alert' data-testid='apply-material-error'>
          {error.message}
        </View>
      )}

      {editable && !busy && (
        <View className='apply-material__actions'>
          {m.eLicenceType && provided?.source !== 'e_licence' && (
            <View className='apply-action apply-action--wide apply-action--primary' data-testid='apply-material-elicence' hoverClass='apply-action--pressed' onClick={() => void chooseELicence()}>
              <Text>使用电子证照（免提交）</Text>
            </View>
          )}
          <View className='apply-action' data-testid='apply-material-camera' hoverClass='apply-action--pressed' onClick={() => void upload('camera')}>
            <Text>{provided ? '重新拍照' : '拍照上传'}</Text>
          </View>
          <View className='apply-action' data-testid='apply-material-file' hoverClass='apply-action--pressed' onClick={() => void upload('file')}>
            <Text>{provided ? '重新选择' : '从手机选择'}</Text>
          </View>
          <View className='apply-action apply-action--wide' data-testid='apply-material-library' hoverClass='apply-action--pressed' onClick={() => void openLibrary()}>
            <Text>从我的材料库选择</Text>
          </View>
        </View>
      )}

      <BottomSheet open={libraryOpen} title={`选择：${m.name}`} onClose={() => setLibraryOpen(false)} testId='apply-library-sheet'>
        {!library && !libraryError && <LoadingState text='正在读取材料库…' />}
        {libraryError && <View className='hz-alert'>{libraryError.message}</View>}
        {library && library.length === 0 && (
          <Text className='apply-library-empty' data-testid='apply-library-empty'>
            材料库里还没有材料。上传材料时保留“同时存入我的材料库”，下次办事就能直接选用。
          </Text>
        )}
        {library?.map((item) => (
          <View key={item.id} className='hz-sheet-option' hoverClass='hz-sheet-option--pressed' data-testid='apply-library-item' data-code={item.id} onClick={() => void chooseFromLibrary(item)}>
            <View className='hz-sheet-option__main'>
              <Text className='hz-sheet-option__label'>{item.libraryTitle ?? item.name}</Text>
              <Text className='hz-sheet-option__sub'>
                {item.mime === 'application/pdf' ? 'PDF 文件' : '图片'} · {sizeLabel(item.size)} · {formatChineseDateTime(item.createdAt)}
              </Text>
            </View>
          </View>
        ))}
      </BottomSheet>
    </View>
  );
}
