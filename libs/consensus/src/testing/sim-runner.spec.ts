import { SCENARIOS } from './scenarios';
import { parseSimArgs, replayCommand, runSimCli, SimArgsError } from './sim-runner';

describe('npm run sim', () => {
  it('parses its flags and refuses bad ones', () => {
    expect(parseSimArgs([])).toEqual({ seeds: 1_000, startSeed: 1, trace: false });
    expect(parseSimArgs(['--seeds', '5', '--start-seed', '0', '--trace'])).toEqual({
      seeds: 5,
      startSeed: 0,
      trace: true,
    });
    expect(() => parseSimArgs(['--seeds', '0'])).toThrow(SimArgsError);
    expect(() => parseSimArgs(['--start-seed'])).toThrow(SimArgsError);
    expect(() => parseSimArgs(['--fast'])).toThrow(SimArgsError);
  });

  it('runs seeds, prints a JSON summary, exits 0; exits 2 with usage on a bad flag', () => {
    const lines: string[] = [];
    expect(runSimCli(['--seeds', '2', '--start-seed', '40'], (line) => lines.push(line))).toBe(0);
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ failed: false, seeds: 2, startSeed: 40 });
    const bad: string[] = [];
    expect(runSimCli(['--seeds', 'x'], (line) => bad.push(line))).toBe(2);
    expect(bad.join('\n')).toContain('usage: npm run sim');
  });

  it('traces one seed event by event for a replay', () => {
    const lines: string[] = [];
    expect(runSimCli(['--seeds', '1', '--start-seed', '7', '--trace'], (line) => lines.push(line))).toBe(0);
    expect(lines.some((line) => line.includes('<- {"kind":"Started"'))).toBe(true);
    expect(replayCommand(7)).toBe('npm run sim -- --seeds 1 --start-seed 7 --trace');
  });

  it('stops at the first failing seed, prints it with its replay command, and exits 1', () => {
    const lines: string[] = [];
    const broken = (seed: number) => ({ ...SCENARIOS['n4-all-restart'](), seed, restartWithoutDisk: seed === 12 });
    expect(runSimCli(['--seeds', '5', '--start-seed', '10'], (line) => lines.push(line), broken)).toBe(1);
    const report = JSON.parse(lines[lines.length - 1]);
    expect(report).toMatchObject({
      failed: true,
      seed: 12,
      replay: 'npm run sim -- --seeds 1 --start-seed 12 --trace',
      // An amnesiac node lowers its lastActionedView and then signs a second proposal and vote for view 1.
      violations: expect.arrayContaining([
        expect.objectContaining({ invariant: 'last-actioned-view' }),
        expect.objectContaining({ invariant: 'honest-equivocation' }),
      ]),
      scenario: expect.objectContaining({ seed: 12, restartWithoutDisk: true }),
    });
  });
});
