import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run app nodes as processes, restart servers or hold many transactions at once: 15–70 s each, from small
 * files. Without recorded durations (a clean clone, CI) vitest orders each project's files by size, which put these
 * near the end of the PostgreSQL project, the end of the run, with one worker idle while the last of them finished.
 */
const slowKind = /(^|\/)(faults|scale-out|concurrency)(\/|\.test\.ts$)/;

/**
 * Vitest's order (projects one after another; longest first by the durations it recorded in node_modules/.vite, else
 * larger files first), except that on a run with no recorded durations the slow kinds of file start first in their
 * project, so both workers finish together.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const key = (f: TestSpecification) => path.relative(root, f.moduleId);
    if (sorted.some((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${key(f)}`))) return sorted;
    const slow = (f: TestSpecification) => (slowKind.test(key(f)) ? 0 : 1);
    // Array.prototype.sort is stable: within a project and a kind, vitest's order stays.
    return sorted.sort((a, b) => (a.project.name === b.project.name ? slow(a) - slow(b) : 0));
  }
}
