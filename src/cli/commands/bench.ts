import type { Command } from '../types.js';

/** `finops-bot bench`: see bench/README in the repository (wired below). */
export const benchCommand: Command = async (args, io) => {
  const { runBench } = await import('../../bench/run-bench.js');
  return runBench(args, io);
};
