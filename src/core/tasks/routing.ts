/**
 * The poller's reader over several servers (profiles): each task is asked of the profile that made it, and
 * each answer is bound to its request. A fetch for X yields X or nothing; a list answer keeps only the ids
 * asked of that profile (a server cannot update another server's task, or one we did not ask about, by
 * naming its id). Pure: the host passes in how to find a task's profile and its client.
 */
import type { CallOptions, TaskReader } from '../api/client';
import type { Task } from '../model/types';

export function routingReader(
  profileOf: (taskId: string) => string,
  clientFor: (profileId: string) => TaskReader,
): TaskReader {
  return {
    fetchTask: async (id: string, opts?: CallOptions): Promise<Task | undefined> => {
      const task = await clientFor(profileOf(id)).fetchTask(id, opts);
      return task?.id === id ? task : undefined;
    },
    listByCondition: async (ids: string[], opts?: CallOptions): Promise<Task[]> => {
      const groups = new Map<string, string[]>();
      for (const id of ids) {
        const profileId = profileOf(id);
        groups.set(profileId, [...(groups.get(profileId) ?? []), id]);
      }
      const results: Task[] = [];
      for (const [profileId, part] of groups) {
        const asked = new Set(part);
        const answer = await clientFor(profileId).listByCondition(part, opts);
        for (const task of answer) {
          // Only what was asked of this profile, once each.
          if (asked.delete(task.id)) results.push(task);
        }
      }
      return results;
    },
  };
}
