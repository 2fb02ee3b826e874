import { niceScale, type ChartPoint } from "@/lib/admin/charts";

/**
 * A server-rendered column chart: the bars, gridlines and axes are an SVG that stretches to
 * any width; the axis labels and titles are HTML around it, so they stay legible on a phone
 * and never squash. Screen readers get the SVG's summary and the figures as a table. No
 * data gets a plain empty state instead of an empty frame.
 */
export function ColumnChart({
  id,
  title,
  subtitle,
  points,
  unit,
  xTitle,
  xHeader,
  emptyText,
}: {
  id: string;
  title: string;
  subtitle: string;
  points: readonly ChartPoint[];
  /** What the bars count, e.g. "sessions" (the y axis title). */
  unit: string;
  /** The x axis title, e.g. "hours before now". */
  xTitle: string;
  /** The table's first column heading, e.g. "Hour (UTC)". */
  xHeader: string;
  emptyText: string;
}) {
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const n = Math.max(1, points.length);
  const { top, ticks } = niceScale(Math.max(0, ...points.map((p) => p.value)));
  const y = (v: number) => 100 - (v / top) * 100;
  const peak = points.reduce<ChartPoint | null>((best, p) => (best === null || p.value > best.value ? p : best), null);
  const titleId = `${id}-title`;
  return (
    <figure className="chart" data-testid={`chart-${id}`} aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p>
          {subtitle} · {total.toLocaleString("en")} {unit} in all
        </p>
      </figcaption>
      {total === 0 ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <>
          <div className="chart-frame">
            <div className="chart-unit" aria-hidden="true">
              {unit}
            </div>
            <div className="chart-y" aria-hidden="true">
              {ticks.map((t) => (
                <span key={t} style={{ bottom: `${(t / top) * 100}%` }}>
                  {t.toLocaleString("en")}
                </span>
              ))}
            </div>
            <div className="chart-plot">
              <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" role="img" aria-labelledby={`${titleId} ${id}-desc`}>
                <desc id={`${id}-desc`}>
                  {`${total.toLocaleString("en")} ${unit}; the most, ${peak?.value.toLocaleString("en")}, in ${peak?.label}. The figures follow as a table.`}
                </desc>
                {ticks.map((t) => (
                  <line key={t} x1={0} x2={n} y1={y(t)} y2={y(t)} className="chart-grid" />
                ))}
                {points.map((p, i) =>
                  p.value > 0 ? (
                    <rect key={i} x={i + 0.12} width={0.76} y={Math.min(y(p.value), 99)} height={Math.max((p.value / top) * 100, 1)} className="chart-bar">
                      <title>{`${p.label}: ${p.value.toLocaleString("en")} ${unit}`}</title>
                    </rect>
                  ) : null,
                )}
                <line x1={0} x2={n} y1={100} y2={100} className="chart-axis" />
                <line x1={0} x2={0} y1={0} y2={100} className="chart-axis" />
              </svg>
            </div>
            <div className="chart-x" aria-hidden="true">
              {points.map((p, i) =>
                p.tick ? (
                  <span
                    key={i}
                    className={[p.major ? "" : "minor", i === points.length - 1 && n > 12 ? "edge-end" : ""].join(" ").trim() || undefined}
                    style={{ left: `${((i + 0.5) / n) * 100}%` }}
                  >
                    {p.tick}
                  </span>
                ) : null,
              )}
            </div>
            <div className="chart-x-title" aria-hidden="true">
              {xTitle}
            </div>
          </div>
          {/* Hidden by a wrapping div: a table cannot be shrunk, and would lengthen the page. */}
          <div className="visually-hidden">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{xHeader}</th>
                  <th scope="col">{unit}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">{p.label}</th>
                    <td>{p.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}
