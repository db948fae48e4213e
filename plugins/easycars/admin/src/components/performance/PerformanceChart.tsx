/**
 * One performance chart over time: lines (figures) and stacked bars (counts) on one axis in one unit. Loaded on its
 * own (React.lazy), as the dashboard's trend chart is: recharts is the heaviest part of the page.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import { figure, stepLabel, type ChartLine, type ChartRow } from './series';

export interface PerformanceChartProps {
  rows: ChartRow[];
  lines: ChartLine[];
  /** Shown after each figure on the axis and in the tooltip: "s", "ms", "%", "/min". */
  unit: string;
  stepSeconds: number;
  rangeMs: number;
  /** A fixed top, for shares (0–100). */
  max?: number;
}

const PerformanceChart = ({ rows, lines, unit, stepSeconds, rangeMs, max }: PerformanceChartProps) => {
  const { colors } = useTheme();
  const tick = { fill: colors.neutral600, fontSize: 11 };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={colors.neutral150} vertical={false} />
        <XAxis
          dataKey="t"
          tickFormatter={(t: number) => stepLabel(t, stepSeconds, rangeMs)}
          tick={tick}
          minTickGap={24}
          tickLine={false}
        />
        <YAxis
          domain={max === undefined ? [0, 'auto'] : [0, max]}
          tickFormatter={(value: number) => `${figure(value)}${unit === '%' ? '%' : ''}`}
          tick={tick}
          tickLine={false}
          axisLine={false}
          width={48}
        />
        <Tooltip
          contentStyle={{ background: colors.neutral0, borderColor: colors.neutral200, fontSize: 12 }}
          labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
          formatter={(value) => `${figure(Number(value))}${unit === '%' ? '%' : ` ${unit}`}`}
        />
        <Legend
          wrapperStyle={{ fontSize: 12 }}
          // in the order of the lines (recharts sorts by name): an endpoint's p50 and p95 side by side
          itemSorter={(item) => lines.findIndex((line) => line.name === item.value)}
        />
        {lines.map((line) =>
          line.shape === 'bar' ? (
            <Bar
              key={line.key}
              dataKey={line.key}
              name={line.name}
              stackId="counts"
              fill={line.color}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.name}
              stroke={line.color}
              strokeWidth={2}
              strokeDasharray={line.dashed ? '5 3' : undefined}
              dot={{ r: 2 }}
              // points are steps with runs or calls: a quiet step between two is not a drop to zero
              connectNulls
              isAnimationActive={false}
            />
          )
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
};

export default PerformanceChart;
