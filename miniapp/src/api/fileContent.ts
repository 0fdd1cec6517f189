import Taro from '@tarojs/taro';
import { API_BASE, IS_H5 } from '../config';
import { clearResidentSession, clearStaffSession, currentResidentToken, currentStaffToken } from '../store/session';
import { ApiError, clientError, errorFromResponse } from './errors';

/** A protected file fetched for viewing. */
export interface FilePreview {
  /** A blob: URL (H5) or a temp file path (mini-program). */
  url: string;
  kind: 'image' | 'pdf';
  /** Frees the blob on H5. */
  release(): void;
}

function kindOf(mime: string | null, path: string): 'image' | 'pdf' {
  if (mime) return mime.includes('pdf') ? 'pdf' : 'image';
  return /\.pdf$/i.test(path) ? 'pdf' : 'image';
}

/**
 * A file behind a bearer token (`path` starts with `/api/`). An <Image> can't send the token, so
 * H5 fetches it into a blob: URL and the mini-program downloads it to a temp file.
 */
export async function fetchFileContent(path: string, realm: 'resident' | 'staff'): Promise<FilePreview> {
  const token = realm === 'staff' ? currentStaffToken() : currentResidentToken();
  if (!token) throw new ApiError({ code: 'UNAUTHENTICATED', message: realm === 'staff' ? '请先以工作人员身份登录' : '请先登录', status: 401, requestId: null });
  const url = `${API_BASE}${path}`;
  const header = { Authorization: `Bearer ${token}` };
  const failed = (status: number, body: unknown, requestId: string | null): never => {
    const error = errorFromResponse(status, body, requestId);
    if (status === 401 && error.code === 'UNAUTHENTICATED') {
      if (realm === 'staff') clearStaffSession();
      else clearResidentSession('expired');
    }
    throw error;
  };

  if (IS_H5) {
    let res: Response;
    try {
      res = await fetch(url, { headers: header });
    } catch {
      throw clientError('NETWORK_ERROR');
    }
    if (!res.ok) return failed(res.status, await res.json().catch(() => null), res.headers.get('x-request-id'));
    const blob = await res.blob();
    const objectUrl = URL.createObjectURL(blob);
    return { url: objectUrl, kind: kindOf(blob.type || res.headers.get('content-type'), ''), release: () => URL.revokeObjectURL(objectUrl) };
  }

  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({ url, header });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (res.statusCode < 200 || res.statusCode >= 300) return failed(res.statusCode, null, null);
  return { url: res.tempFilePath, kind: kindOf(null, res.tempFilePath), release: () => undefined };
}
