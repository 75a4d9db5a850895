// Charts drawn on the server: the SVG holds the title and the axis labels, and a real PNG of the declared size comes
// out (with a font when the machine has one, without labels but still drawn when it has none).
import { describe, expect, it } from 'vitest';
import { chartFont, findFont } from '../../src/charts/fonts.ts';
import { callsChartSvg, CHART_SIZE, renderCallsChart } from '../../src/charts/render.ts';
import type { CallsChartSpec } from '../../src/charts/spec.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk (right after the signature and the chunk's length and type). */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const hours = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}:00`);
const spec: CallsChartSpec = {
  title: 'Acme: calls and ASR, last 24 h (UTC)',
  subtitle: '2026-09-19 13:00 – 2026-09-20 12:59 UTC · 1,234 attempts',
  xName: 'hour (UTC)',
  labels: hours,
  attempts: hours.map((_, i) => 40 + i),
  answered: hours.map((_, i) => 20 + (i % 7)),
  asr: hours.map((_, i) => (i === 5 ? null : Math.round(((20 + (i % 7)) / (40 + i)) * 1000) / 10)),
};

describe('charts', () => {
  it('draws the SVG with its title, axis names and axis labels', () => {
    const svg = callsChartSvg(spec, 'DejaVu Sans');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Acme: calls and ASR, last 24 h (UTC)', 'hour (UTC)', 'ASR %', 'calls', '00:00', '12:00', '100 %', 'Attempts', 'Answered']) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('DejaVu Sans');
  });

  it('renders a PNG of the chart size', async () => {
    const started = performance.now();
    const chart = await renderCallsChart(spec);
    const ms = performance.now() - started;
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(chart.png)).toEqual(CHART_SIZE);
    expect([chart.width, chart.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    expect(chart.labelled).toBe(chartFont().file !== null);
    // Not asserted (no test asserts a wall-clock time); shown for the record.
    console.info(`chart rendered in ${ms.toFixed(0)} ms (font: ${chartFont().file ?? 'none'})`);
  });

  it('still draws the chart when no font is found', async () => {
    const none = findFont([['/nonexistent/font.ttf', 'Nothing']]);
    expect(none).toEqual({ file: null, family: 'sans-serif' });
    const chart = await renderCallsChart(spec, { font: none, size: { width: 480, height: 240 } });
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(chart.png)).toEqual({ width: 480, height: 240 });
    expect(chart.labelled).toBe(false);
  });
});
