import { runCli } from '../../electron/cli/run-cli.js';

/** Runs the CLI in this process and captures what it prints, with its exit status. */
export async function cli(args: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  process.exitCode = undefined;
  const exit = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  process.exitCode = undefined;
  return { exit, stdout, stderr };
}
