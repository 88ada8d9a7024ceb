"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { UsageReport } from "@/lib/shared/usage";

// Spend per day, one bar per day stacked by provider. Loaded only on the Usage page (next/dynamic),
// so the chart library never weighs on the other pages.

const COLORS = ["#6d4aff", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444"];

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

export default function UsageChart({ report }: { report: UsageReport }) {
  const providers = report.providers.filter((provider) => provider.totals.tasks > 0);
  const byDay = new Map<string, Record<string, number | string>>();
  for (const day of daysBetween(report.from, report.to)) byDay.set(day, { day });
  for (const row of report.byDay) {
    const entry = byDay.get(row.day);
    if (entry) entry[row.provider] = row.credits;
  }
  const data = [...byDay.values()];
  return (
    <div className="h-64 w-full" role="img" aria-label={`Credits spent per day from ${report.from} to ${report.to}, by provider`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => day.slice(5)}
            tick={{ fontSize: 11, fill: "currentColor" }}
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "currentColor" }} />
          <Tooltip
            cursor={{ fillOpacity: 0.08 }}
            contentStyle={{ borderRadius: 8, fontSize: 12, background: "var(--color-surface, #fff)", color: "inherit" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {providers.map((provider, index) => (
            <Bar
              key={provider.id}
              dataKey={provider.id}
              name={provider.label}
              stackId="spend"
              maxBarSize={48}
              fill={COLORS[index % COLORS.length]}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
