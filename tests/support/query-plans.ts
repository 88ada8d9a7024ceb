// The scans of the tasks table in a query's Postgres plan, for the plan tests (no Seq Scan allowed).

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

export async function tasksScans(
  client: { query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> },
  query: { sql: string; params: unknown[] },
): Promise<PlanNode[]> {
  const { rows } = await client.query(`explain (format json) ${query.sql}`, query.params);
  const plan = (rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
  return nodes(plan).filter((node) => node["Relation Name"] === "tasks");
}
