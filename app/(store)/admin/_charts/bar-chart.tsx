export interface Bar {
  label: string;
  value: number;
}

/**
 * A server-rendered, accessible bar chart: an SVG with a title and description for screen
 * readers, and the same figures in a visually hidden table. Empty data gets a deliberate
 * empty state instead of an empty frame.
 */
export function BarChart({ id, title, description, bars, unit, emptyText, labelEvery = 1 }: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
  unit: string;
  emptyText: string;
  labelEvery?: number;
}) {
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  const width = 640;
  const height = 200;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - left) / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  const scale = (v: number) => ((height - top - bottom) * v) / max;
  return (
    <figure className="chart" data-testid={`chart-${id}`}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">({total.toLocaleString("en")} {unit})</span>
      </figcaption>
      {total === 0 ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} width="100%" preserveAspectRatio="none">
            <title id={`${id}-title`}>{title}</title>
            <desc id={`${id}-desc`}>{description}</desc>
            <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} className="chart-axis" />
            <text x={left - 6} y={top + 4} textAnchor="end" className="chart-label">
              {max.toLocaleString("en")}
            </text>
            <text x={left - 6} y={height - bottom} textAnchor="end" className="chart-label">
              0
            </text>
            {bars.map((bar, i) => {
              const h = scale(bar.value);
              const x = left + i * slot + (slot - barWidth) / 2;
              return (
                <g key={bar.label}>
                  <rect x={x} y={height - bottom - h} width={barWidth} height={h} className="chart-bar">
                    <title>{`${bar.label}: ${bar.value.toLocaleString("en")}`}</title>
                  </rect>
                  {i % labelEvery === 0 && (
                    <text x={x + barWidth / 2} y={height - bottom + 16} textAnchor="middle" className="chart-label">
                      {bar.label}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <th scope="row">{bar.label}</th>
                  <td>{bar.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
