/** One piece of local infrastructure the launcher and the test harness can start, probe, restart and stop. */
export interface Component {
  readonly name: string;
  /** Address clients use (broker list, registry URL, MongoDB URI). */
  readonly address: string;
  /** Its process id while started. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Abrupt SIGKILL, for crash tests. */
  kill(): Promise<void>;
  ready(): Promise<boolean>;
  /** Undefined while it runs or after stop(); once it died, its name, how, and the tail of its log. */
  deathReport(): string | undefined;
}

export async function restart(component: Component): Promise<void> {
  await component.stop();
  await component.start();
}
