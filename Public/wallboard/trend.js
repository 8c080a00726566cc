// Today's trend of one campaign, per 15 minutes of local time: offered, answered and abandoned as bars and the
// service level as a line, drawn as SVG. A snapshot brings the whole day (`trend`), every delta the running interval
// (`interval`), which replaces the point with the same start; so it updates live without redrawing from scratch.
import { formatPercent, formatTime, t } from "../js/i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const QUARTER = 15 * 60 * 1000;
const SHOWN_HOURS = 8;            // the last hours of the day on the tile (a laptop tile is ~450 px wide)

const WIDTH = 480, HEIGHT = 120, TOP = 8, BOTTOM = 18, LEFT = 4, RIGHT = 30;

// Every chart that changed is redrawn at most once a second, all of them together in one animation frame. With a timer
// per chart, the 50 charts' timers drifted apart over a run until each made a frame of its own (a style, layout and
// paint of the whole page): 17 frames a second after 20 s, 29 after two minutes, more later, with unchanged figures.
const due = new Set();
let drawnAt = -Infinity;
let scheduled = false;

function drawDue() {
  scheduled = false;
  drawnAt = performance.now();
  const charts = [...due];
  due.clear();
  for (const chart of charts) chart.draw();
}

function redrawSoon(chart) {
  due.add(chart);
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => requestAnimationFrame(drawDue), Math.max(0, drawnAt + 1000 - performance.now()));
}

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

export class TrendChart {
  constructor() {
    this.points = new Map();   // start → point
    this.root = document.createElement("figure");
    this.root.className = "trend";
    this.caption = document.createElement("figcaption");
    this.caption.className = "trend-caption muted";
    this.chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "trend-chart" });
    this.title = svg("title");
    this.chart.append(this.title);
    this.bars = svg("g");
    this.line = svg("polyline", { class: "trend-sl", fill: "none" });
    this.axis = svg("g", { class: "trend-axis" });
    this.chart.append(this.bars, this.line, this.axis);
    const legend = document.createElement("p");
    legend.className = "trend-legend";
    for (const [key, className] of [["offered", "offered"], ["answered", "answered"], ["abandoned", "abandoned"], ["serviceLevel", "sl"]]) {
      const item = document.createElement("span");
      item.className = `legend-${className}`;
      item.textContent = t(`wallboard.trend.${key}`);
      legend.append(item);
    }
    this.legend = legend;
    this.root.append(this.caption, this.chart, legend);
  }

  /// Takes a figures message: the whole day from a snapshot, the running interval from a delta.
  update(figures, timeZone) {
    if (Array.isArray(figures.trend)) {
      this.points.clear();
      for (const point of figures.trend) this.points.set(point.start, point);
    }
    if (figures.interval) {
      // A new day: the running interval starts after midnight and the old day's points go.
      const first = Math.min(...this.points.keys());
      if (this.points.size && figures.interval.start - first >= 24 * 3600 * 1000) this.points.clear();
      this.points.set(figures.interval.start, figures.interval);
    }
    this.timeZone = timeZone;
    redrawSoon(this);
  }

  /// Redraws from the points, unless they are the ones drawn last (most deltas leave the bars as they were).
  draw() {
    const starts = [...this.points.keys()].sort((a, b) => a - b);
    const drawn = JSON.stringify([this.timeZone, starts.map((start) => {
      const p = this.points.get(start);
      return [start, p.offered, p.answered, p.abandoned, p.serviceLevel];
    })]);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    this.bars.replaceChildren();
    this.axis.replaceChildren();
    const anything = [...this.points.values()].some((p) => p.offered || p.answered || p.abandoned);
    this.chart.hidden = !anything;
    this.legend.hidden = !anything;
    if (!anything) {
      this.caption.textContent = t("wallboard.trend.empty");
      this.line.setAttribute("points", "");
      this.chart.removeAttribute("aria-label");
      return;
    }
    const last = starts[starts.length - 1];
    const first = Math.max(starts[0], last - (SHOWN_HOURS * 4 - 1) * QUARTER);
    const slots = Math.round((last - first) / QUARTER) + 1;
    const slotWidth = (WIDTH - LEFT - RIGHT) / Math.max(slots, 16);
    const barWidth = Math.max(1, slotWidth / 3 - 0.5);
    let highest = 1;
    for (let start = first; start <= last; start += QUARTER) {
      const p = this.points.get(start);
      if (p) highest = Math.max(highest, p.offered, p.answered, p.abandoned);
    }
    const plot = HEIGHT - TOP - BOTTOM;
    const y = (value) => TOP + plot - (value / highest) * plot;
    const linePoints = [];
    let offered = 0, answered = 0, abandoned = 0;
    for (let i = 0, start = first; start <= last; i++, start += QUARTER) {
      const p = this.points.get(start) ?? { offered: 0, answered: 0, abandoned: 0, serviceLevel: null };
      const x = LEFT + i * slotWidth;
      [["offered", p.offered], ["answered", p.answered], ["abandoned", p.abandoned]].forEach(([kind, value], k) => {
        if (!value) return;
        this.bars.append(svg("rect", { x: x + k * (barWidth + 0.5), y: y(value), width: barWidth, height: TOP + plot - y(value), class: `bar-${kind}` }));
      });
      if (p.serviceLevel !== null && p.serviceLevel !== undefined) {
        linePoints.push(`${(x + slotWidth / 2).toFixed(1)},${(TOP + plot - p.serviceLevel * plot).toFixed(1)}`);
      }
      if (i % 8 === 0) {
        const label = svg("text", { x, y: HEIGHT - 4, class: "trend-label" });
        label.textContent = formatTime(start, this.timeZone);
        this.axis.append(label);
      }
      offered += p.offered; answered += p.answered; abandoned += p.abandoned;
    }
    this.line.setAttribute("points", linePoints.join(" "));
    const scale = svg("text", { x: WIDTH - RIGHT + 4, y: TOP + 8, class: "trend-label" });
    scale.textContent = String(highest);
    const hundred = svg("text", { x: WIDTH - RIGHT + 4, y: TOP + plot, class: "trend-label trend-sl-label" });
    hundred.textContent = "SL";
    this.axis.append(scale, hundred);
    const now = this.points.get(last);
    const summary = t("wallboard.trend.summary", {
      from: formatTime(first, this.timeZone), offered, answered, abandoned, serviceLevel: formatPercent(now?.serviceLevel),
    });
    this.caption.textContent = t("wallboard.trend.title");
    this.title.textContent = summary;
    this.chart.setAttribute("aria-label", summary);
  }
}
