/**
 * The model a page shows: a model opened in the page (trained in the lab, or from files),
 * when the page's choice names one, else the shipped model of the page's built-in task.
 * Page-agnostic: the tour calls `usePageModel('tour', task)`; another page listed in
 * `MODEL_PAGES` (src/state/slices/models.ts) does the same with its own task.
 */
import { useAppStore } from '../../state';
import { pageModelField, type ModelPageId, type UserModel } from '../../state/slices/models';
import { getTask, type Task, type TaskName } from '../../tasks';
import { useBundle, type BundleState } from '../tour/useBundle';

export interface PageModel {
  /** the task inputs are checked against: the model's own (a user model) or the built-in one */
  task: Task;
  /** the name to show: the task's, or the user model's */
  name: string;
  state: BundleState;
  /** the user model shown, if any */
  user: UserModel | null;
  /** a key the page names that is not open in this page (a link from an earlier visit), or null */
  stale: string | null;
}

export function usePageModel(page: ModelPageId, builtin: TaskName): PageModel {
  const key = useAppStore((s) => s[pageModelField(page)]);
  const user = useAppStore((s) => (key === null ? null : (s.userModels.find((m) => m.key === key) ?? null)));
  // the built-in task's model loads (or stays loaded) either way: it is what a stale link falls back to
  const shipped = useBundle(builtin);
  if (user) return { task: user.task, name: user.name, state: { status: 'ready', bundle: user.bundle }, user, stale: null };
  return { task: getTask(builtin), name: builtin, state: shipped, user: null, stale: key };
}
