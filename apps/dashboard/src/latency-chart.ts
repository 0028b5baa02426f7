import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DashboardStatusJson } from './api';
import { clock, duration } from './format';

/** Height of the chart's plot, in CSS px. */
const HEIGHT = 180;

/**
 * Decide latency (the time from a leader's proposal to this node storing the decide) over the node's recent window,
 * one point per decided block, drawn with uPlot and resized with its container.
 */
export class LatencyChart {
  private plot?: uPlot;
  private readonly observer: ResizeObserver;

  constructor(private readonly container: HTMLElement) {
    this.observer = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT }));
    this.observer.observe(container);
  }

  update(recent: DashboardStatusJson['recent']): void {
    const xs = recent.map((sample) => sample.decidedAtMs / 1000);
    const ys = recent.map((sample) => sample.decidedAtMs - sample.proposedAtMs);
    const data: uPlot.AlignedData = [xs, ys];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    const styles = getComputedStyle(document.documentElement);
    const line = styles.getPropertyValue('--accent').trim() || '#2563eb';
    const grid = styles.getPropertyValue('--grid').trim() || '#e5e7eb';
    const text = styles.getPropertyValue('--fg').trim() || '#111';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.plot = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(100, max * 1.15)] } },
        axes: [
          { ...axis, space: 90, values: (_u, ticks) => ticks.map((t) => clock(t * 1000)) },
          { ...axis, size: 64, values: (_u, ticks) => ticks.map((t) => duration(t)) },
        ],
        series: [{}, { label: 'decide latency', stroke: line, width: 2, fill: `${line}22`, points: { show: false } }],
      },
      data,
      this.container,
    );
  }

  private width(): number {
    return Math.max(240, this.container.clientWidth);
  }
}
