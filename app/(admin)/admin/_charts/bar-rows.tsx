import { niceScale } from "@/lib/admin/charts";

const ROW_REM = 2.6;

/**
 * A horizontal bar chart for named things (products): full names on the left in HTML, the
 * bars as one SVG beside them (each row the same height, so they line up), the figures on
 * the right, and a scale with its unit underneath.
 */
export function BarRows({ id, title, subtitle, rows, unit, emptyText }: { id: string; title: string; subtitle: string; rows: readonly { label: string; value: number }[]; unit: string; emptyText: string }) {
  const { top, ticks } = niceScale(Math.max(0, ...rows.map((r) => r.value)), 2);
  const titleId = `${id}-title`;
  const height = rows.length * 10;
  return (
    <figure className="chart" data-testid={`chart-${id}`} aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p>{subtitle}</p>
      </figcaption>
      {rows.length === 0 ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <div className="hbars" style={{ gridTemplateRows: `repeat(${rows.length}, ${ROW_REM}rem) auto auto` }}>
          {rows.map((row, i) => (
            <span key={`l${i}`} className="hbars-label" style={{ gridRow: i + 1, gridColumn: 1 }}>
              {row.label}
            </span>
          ))}
          <svg
            viewBox={`0 0 100 ${height}`}
            preserveAspectRatio="none"
            role="img"
            aria-labelledby={`${titleId} ${id}-desc`}
            style={{ gridRow: `1 / span ${rows.length}`, gridColumn: 2, height: `${rows.length * ROW_REM}rem` }}
          >
            <desc id={`${id}-desc`}>{rows.map((r) => `${r.label}: ${r.value.toLocaleString("en")} ${unit}`).join("; ")}</desc>
            {ticks.map((t) => (
              <line key={t} x1={(t / top) * 100} x2={(t / top) * 100} y1={0} y2={height} className="chart-grid" />
            ))}
            {rows.map((row, i) => (
              <rect key={i} x={0} y={i * 10 + 2} width={Math.max((row.value / top) * 100, 0.8)} height={6} className="chart-bar" />
            ))}
            <line x1={0} x2={0} y1={0} y2={height} className="chart-axis" />
          </svg>
          {rows.map((row, i) => (
            <span key={`v${i}`} className="hbars-value" style={{ gridRow: i + 1, gridColumn: 3 }}>
              {row.value.toLocaleString("en")}
              <span className="visually-hidden"> {unit}</span>
            </span>
          ))}
          <div className="hbars-axis" aria-hidden="true" style={{ gridRow: rows.length + 1 }}>
            {ticks.map((t) => (
              <span key={t}>{t.toLocaleString("en")}</span>
            ))}
          </div>
          <div className="hbars-unit" aria-hidden="true" style={{ gridRow: rows.length + 2 }}>
            {unit}
          </div>
        </div>
      )}
    </figure>
  );
}
