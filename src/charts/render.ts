// Charts drawn on the server: Apache ECharts renders the spec to an SVG string (server-side rendering, no DOM), and
// resvg turns the SVG into a PNG off the event loop (its renderAsync runs in libuv's thread pool).
import { renderAsync } from '@resvg/resvg-js';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chartFont, type ChartFont } from './fonts.ts';
import type { CallsChartSpec } from './spec.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export const CHART_SIZE = { width: 960, height: 440 };

const COLORS = { attempts: '#a9bfdc', answered: '#2f5d9e', asr: '#d9822b', text: '#333333', grid: '#e6e6e6' };

export interface RenderedChart {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
  /** False when no font was found: the PNG has no text (the SVG still holds it). */
  labelled: boolean;
}

/** The chart as an SVG document (its text in `family`). */
export function callsChartSvg(spec: CallsChartSpec, family: string, size = CHART_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: family, color: COLORS.text },
      title: {
        text: spec.title,
        subtext: spec.subtitle,
        left: 16,
        top: 10,
        textStyle: { fontFamily: family, fontSize: 16, fontWeight: 'bold', color: COLORS.text },
        subtextStyle: { fontFamily: family, fontSize: 12, color: '#666666' },
      },
      legend: { top: 14, right: 16, textStyle: { fontFamily: family }, data: ['Attempts', 'Answered', 'ASR %'] },
      grid: { left: 64, right: 64, top: 92, bottom: 60 },
      xAxis: {
        type: 'category',
        data: spec.labels,
        name: spec.xName,
        nameLocation: 'middle',
        nameGap: 34,
        axisLabel: { fontFamily: family, hideOverlap: true },
        nameTextStyle: { fontFamily: family },
      },
      yAxis: [
        { type: 'value', name: 'calls', minInterval: 1, axisLabel: { fontFamily: family }, nameTextStyle: { fontFamily: family }, splitLine: { lineStyle: { color: COLORS.grid } } },
        { type: 'value', name: 'ASR %', min: 0, max: 100, axisLabel: { fontFamily: family, formatter: '{value} %' }, nameTextStyle: { fontFamily: family }, splitLine: { show: false } },
      ],
      series: [
        { name: 'Attempts', type: 'bar', data: spec.attempts, itemStyle: { color: COLORS.attempts }, barMaxWidth: 28 },
        { name: 'Answered', type: 'bar', data: spec.answered, itemStyle: { color: COLORS.answered }, barGap: '-100%', barMaxWidth: 28 },
        { name: 'ASR %', type: 'line', yAxisIndex: 1, data: spec.asr, connectNulls: false, symbol: 'circle', symbolSize: 5, lineStyle: { width: 2, color: COLORS.asr }, itemStyle: { color: COLORS.asr } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG (and the SVG it came from). */
export async function renderCallsChart(spec: CallsChartSpec, o: { font?: ChartFont; size?: typeof CHART_SIZE } = {}): Promise<RenderedChart> {
  const font = o.font ?? chartFont();
  const size = o.size ?? CHART_SIZE;
  const svg = callsChartSvg(spec, font.family, size);
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: font.file
      ? { loadSystemFonts: false, fontFiles: [font.file], defaultFontFamily: font.family, sansSerifFamily: font.family }
      : { loadSystemFonts: true },
    logLevel: 'off',
  });
  return { png: image.asPng(), svg, width: image.width, height: image.height, labelled: font.file !== null };
}
