import { activeGeneration } from './read-models.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';

export interface LiveProjection {
  /** The runner of the generation currently active. */
  readonly runner: ProjectionRunner;
  stop(): Promise<void>;
}

/**
 * Runs the projection into the active generation and follows rebuilds: when the pointer flips,
 * this member leaves the old generation's group and joins the new one, which continues from the
 * offsets the rebuild committed, so nothing between the rebuild's end and the switch is lost.
 */
export async function runLiveProjection(options: Omit<RunnerOptions, 'generation' | 'groupId'>, { pollMs = 2000 } = {}): Promise<LiveProjection> {
  let runner = new ProjectionRunner({ ...options, generation: await activeGeneration(options.db, options.projection.name) });
  await runner.start();
  let switching = Promise.resolve();
  const timer = setInterval(() => {
    switching = switching.then(async () => {
      const generation = await activeGeneration(options.db, options.projection.name);
      if (generation === runner.space.generation) return;
      options.logger.info({ projection: options.projection.name, from: runner.space.generation, to: generation }, 'following rebuilt generation');
      await runner.stop();
      runner = new ProjectionRunner({ ...options, generation });
      await runner.start();
    }).catch((error: unknown) => options.logger.error({ err: error }, 'generation switch failed; retrying'));
  }, pollMs);
  return {
    get runner() {
      return runner;
    },
    async stop() {
      clearInterval(timer);
      await switching;
      await runner.stop();
    },
  };
}
