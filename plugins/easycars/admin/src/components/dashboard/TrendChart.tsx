/**
 * The 30-day trend of one kind: runs per day stacked by outcome (bars, left axis) and the day's success rate (line,
 * right axis). A day without runs has no bar and no rate, and a grey dot on the baseline says so.
 * Loaded on its own (React.lazy): recharts is the heaviest part of the page.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';
import type { TrendDay } from '../../../../shared/contracts/dashboard';
import type { SyncKind } from '../../../../shared/contracts/sync';

/** "3 Nov" for a YYYY-MM-DD day, read as that calendar day wherever the browser is. */
export function dayLabel(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

const LEGEND_ORDER = ['Succeeded', 'Partial', 'Failed', 'Success rate', 'No runs'];

export interface TrendChartProps {
  days: TrendDay[];
  kind: SyncKind;
}

const TrendChart = ({ days, kind }: TrendChartProps) => {
  const { colors } = useTheme();
  const data = days.map((day) => {
    const counts = day[kind];
    return {
      label: dayLabel(day.date),
      succeeded: counts.succeeded,
      partial: counts.partial,
      failed: counts.failed,
      successRate: counts.successRate,
      noRuns: counts.total === 0 ? 0 : null,
    };
  });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke={colors.neutral150} vertical={false} />
        <XAxis dataKey="label" tick={{ fill: colors.neutral600, fontSize: 11 }} minTickGap={16} tickLine={false} />
        <YAxis
          yAxisId="runs"
          allowDecimals={false}
          tick={{ fill: colors.neutral600, fontSize: 11 }}
          tickLine={false}
          axisLine={false}
        />
        <YAxis
          yAxisId="rate"
          orientation="right"
          domain={[0, 100]}
          unit="%"
          tick={{ fill: colors.neutral600, fontSize: 11 }}
          tickLine={false}
          axisLine={false}
          width={44}
        />
        <Tooltip
          contentStyle={{ background: colors.neutral0, borderColor: colors.neutral200, fontSize: 12 }}
          formatter={(value, name) => (name === 'Success rate' ? `${value}%` : value)}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.value))} />
        <Bar
          yAxisId="runs"
          dataKey="succeeded"
          name="Succeeded"
          stackId="runs"
          fill={colors.success500}
          isAnimationActive={false}
        />
        <Bar
          yAxisId="runs"
          dataKey="partial"
          name="Partial"
          stackId="runs"
          fill={colors.warning500}
          isAnimationActive={false}
        />
        <Bar
          yAxisId="runs"
          dataKey="failed"
          name="Failed"
          stackId="runs"
          fill={colors.danger500}
          isAnimationActive={false}
        />
        <Line
          yAxisId="rate"
          dataKey="successRate"
          name="Success rate"
          stroke={colors.primary600}
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="runs"
          dataKey="noRuns"
          name="No runs"
          // the colour names the legend's dot; no line joins the days
          stroke={colors.neutral300}
          strokeWidth={0}
          dot={{ r: 3, fill: colors.neutral300, stroke: colors.neutral300 }}
          activeDot={false}
          legendType="circle"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
};

export default TrendChart;
