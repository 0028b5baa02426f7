import { runSimCli } from './sim-runner';

// `npm run sim -- --seeds N --start-seed S`: the randomized simulator beyond what CI runs.
process.exitCode = runSimCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
