import Taro from '@tarojs/taro';
import type { PickedFile } from '../../api/application';
import { IS_H5 } from '../../config';

export type PickKind = 'camera' | 'file';

const ACCEPTED = 'image/jpeg,image/png,application/pdf';

function baseName(path: string, fallback: string): string {
  const name = path.split(/[\\/]/).pop();
  return name && name.length > 0 ? name : fallback;
}

function cancelled(e: unknown): boolean {
  const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
  return /cancel/i.test(msg);
}

/** H5: a file input of our own, so a PDF can be chosen too (Taro's chooseMessageFile is weapp-only). */
function pickOnH5(kind: PickKind): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = kind === 'camera' ? 'image/*' : ACCEPTED;
    if (kind === 'camera') input.setAttribute('capture', 'environment');
    input.setAttribute('data-testid', 'apply-file-input');
    input.style.cssText = 'position:fixed;left:-3000px;top:-3000px;opacity:0;';
    document.body.appendChild(input);
    const finish = (picked: PickedFile | null) => {
      input.remove();
      resolve(picked);
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      finish(file ? { path: '', name: file.name || `material-${Date.now()}`, size: file.size, file } : null);
    });
    input.addEventListener('cancel', () => finish(null));
    input.click();
  });
}

/**
 * Lets the resident take a photo or choose a picture or file; null when they cancel. In WeChat a
 * PDF can only come from a chat (chooseMessageFile), so 选择 asks which of the two they mean.
 */
export async function pickFile(kind: PickKind): Promise<PickedFile | null> {
  if (IS_H5) return pickOnH5(kind);
  try {
    let source: 'camera' | 'album' | 'chat' = 'camera';
    if (kind === 'file') {
      const { tapIndex } = await Taro.showActionSheet({ itemList: ['从手机相册选择图片', '从微信聊天中选择文件（PDF、图片）'] });
      source = tapIndex === 0 ? 'album' : 'chat';
    }
    if (source === 'chat') {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png'] });
      const f = res.tempFiles[0];
      return f ? { path: f.path, name: f.name, size: f.size } : null;
    }
    const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: [source] });
    const f = res.tempFiles[0];
    return f ? { path: f.path, name: baseName(f.path, `photo-${Date.now()}.jpg`), size: f.size } : null;
  } catch (e) {
    if (cancelled(e)) return null;
    throw e;
  }
}
