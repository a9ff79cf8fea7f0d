// A job's task records as the page shows them: top-level records in creation order, each
// composite's children (parallel, each) right under it, indented; a cap per group keeps a job of
// 10,000 children readable (and the page fast).
export const GROUP_LIMIT = 100;

/** [{task, depth}] for the records of one job, plus, per group, how many were left out. */
export function rows(execution) {
  const children = new Map();
  const ids = new Set(execution.map((t) => t.id));
  const roots = [];
  for (const task of execution) {
    if (task.parentId && ids.has(task.parentId)) {
      if (!children.has(task.parentId)) {
        children.set(task.parentId, []);
      }
      children.get(task.parentId).push(task);
    } else {
      roots.push(task);
    }
  }
  const out = [];
  const walk = (list, depth) => {
    list.slice(0, GROUP_LIMIT).forEach((task) => {
      out.push({ task, depth });
      if (children.has(task.id)) {
        walk(children.get(task.id), depth + 1);
      }
    });
    if (list.length > GROUP_LIMIT) {
      out.push({ more: list.length - GROUP_LIMIT, depth });
    }
  };
  walk(roots, 0);
  return out;
}
