import { Canvas as TaroCanvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Canvas as F2Canvas } from '@antv/f2';
import { useEffect, useRef, useState } from 'react';

/** What F2 draws: the children of its Canvas, built with F2's `jsx` (see charts.ts). */
export type ChartSpec = unknown;

interface Drawing {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
  /** Removes what this drawing added (the H5 canvas element). */
  dispose(): void;
}

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * A 2D canvas for an F2 chart on both builds. WeChat gives a `type='2d'` canvas node through a
 * selector query; in H5 the chart draws on a canvas element of its own (Taro's H5 Canvas resets
 * its size to CSS pixels on every render, which would blur a chart scaled for the screen).
 */
function prepare(id: string, height: number): Promise<Drawing | null> {
  if (IS_H5) {
    const box = document.getElementById(id);
    if (!box) return Promise.resolve(null);
    const width = box.getBoundingClientRect().width;
    const pixelRatio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * pixelRatio);
    canvas.height = Math.round(height * pixelRatio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.style.display = 'block';
    box.appendChild(canvas);
    const context = canvas.getContext('2d');
    if (!context) return Promise.resolve(null);
    return Promise.resolve({ context, width, height, pixelRatio, dispose: () => canvas.remove() });
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: { getContext(kind: '2d'): CanvasRenderingContext2D; width: number; height: number }; width: number; height: number }[]) => {
        const found = res?.[0];
        if (!found?.node) return resolve(null);
        const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 1;
        found.node.width = Math.round(found.width * pixelRatio);
        found.node.height = Math.round(found.height * pixelRatio);
        resolve({ context: found.node.getContext('2d'), width: found.width, height: found.height, pixelRatio, dispose: () => undefined });
      });
  });
}

/**
 * Draws `spec` with F2 and draws it again when `version` changes (new data). No animation: the
 * numbers are what matters, and a still chart is what a screenshot or a test sees.
 */
export function F2Chart({ id, spec, version, height = 220, testId, label }: { id: string; spec: ChartSpec; version: string; height?: number; testId: string; label: string }) {
  const [drawn, setDrawn] = useState(false);
  const specRef = useRef(spec);
  specRef.current = spec;

  useEffect(() => {
    let cancelled = false;
    let chart: F2Canvas | null = null;
    let drawing: Drawing | null = null;
    setDrawn(false);
    // After this render is laid out: the box has its width.
    const timer = setTimeout(() => {
      void prepare(id, height).then(async (d) => {
        drawing = d;
        if (!d || cancelled) return d?.dispose();
        chart = new F2Canvas({ context: d.context, width: d.width, height: d.height, pixelRatio: d.pixelRatio, animate: false, children: specRef.current });
        await chart.render();
        if (!cancelled) setDrawn(true);
      });
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      chart?.destroy();
      drawing?.dispose();
    };
  }, [id, height, version]);

  return (
    <View className='stats-chart' data-testid={testId} data-drawn={drawn ? 'true' : 'false'} aria-label={label}>
      {IS_H5 ? (
        <View id={id} className='stats-chart__box' style={{ height: `${height}px` }} />
      ) : (
        <TaroCanvas type='2d' id={id} className='stats-chart__box' style={{ width: '100%', height: `${height}px` }} />
      )}
    </View>
  );
}
