import { View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import './index.scss';

/** Dark runs per row: [start column, length]. Fewer Views than one per module, same picture. */
function darkRuns(text: string): { size: number; rows: [number, number][][] } {
  const qr = qrcode(0, 'M');
  // Appointment codes are upper-case letters and digits, which the compact alphanumeric mode holds.
  qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const rows: [number, number][][] = [];
  for (let r = 0; r < size; r++) {
    const runs: [number, number][] = [];
    let c = 0;
    while (c < size) {
      if (!qr.isDark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && qr.isDark(r, c)) c++;
      runs.push([start, c - start]);
    }
    rows.push(runs);
  }
  return { size, rows };
}

const pct = (n: number, size: number) => `${((n / size) * 100).toFixed(4)}%`;

/**
 * A QR code drawn with Views (no canvas: the same markup works in the mini-program and H5 and
 * scales with the page). The quiet zone is the white padding around it.
 */
export function QrCode({ text, testId = 'qr-code' }: { text: string; testId?: string }) {
  const { size, rows } = useMemo(() => darkRuns(text), [text]);
  return (
    <View className='hz-qr' data-testid={testId} data-text={text} data-size={size}>
      <View className='hz-qr__matrix'>
        {rows.map((runs, r) =>
          runs.map(([c, len]) => (
            <View
              key={`${r}-${c}`}
              className='hz-qr__dark'
              // A hair of overlap so no seam shows between neighbouring modules when scaled.
              style={{ top: pct(r, size), left: pct(c, size), width: `calc(${pct(len, size)} + 0.5PX)`, height: `calc(${pct(1, size)} + 0.5PX)` }}
            />
          )),
        )}
      </View>
    </View>
  );
}
