// The shape of one benchmark scenario: a name for `npm run bench -- <name>` and a run that returns report lines.

export interface ScenarioOptions {
  ops: number;
  workers: number;
}

export interface Scenario {
  name: string;
  run(options: ScenarioOptions): Promise<string[]>;
}
