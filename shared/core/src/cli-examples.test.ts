/**
 * Every command's --help ends with an Examples section, and every `$ envelope …` line in it parses
 * with the CLI's own option parser: no unknown option, no value outside an option's choices, the
 * command's required arguments and options present.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './cli.js';

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

/** Shell words: whitespace-separated, with '…' and "…" quoting (all the examples need). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function examplesIn(help: string): string[] {
  const at = help.indexOf('\nExamples:\n');
  expect(at, 'no Examples section').toBeGreaterThanOrEqual(0);
  return help
    .slice(at)
    .split('\n')
    .map((l) => /^ {2}\$ (envelope .*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
}

/** Parses one example with a fresh program, the way `main` would, but without running the action. */
function parseExample(line: string): { command: Command; unknown: string[]; operands: string[] } {
  const [, name, ...args] = words(line);
  const program = buildProgram();
  const command = program.commands.find((c) => c.name() === name);
  if (!command) throw new Error(`${line}: no command ${String(name)}`);
  // Choices and argument parsers throw a CommanderError (exitOverride) here, as they would in main.
  command.configureOutput({ writeErr: () => {} });
  const { operands, unknown } = command.parseOptions(args);
  return { command, unknown, operands };
}

const program = buildProgram();
const commands = program.commands.map((c) => [c.name(), c] as const);

describe('--help examples', () => {
  it('the program and every command are covered', () => {
    expect(commands.map(([n]) => n)).toEqual(expect.arrayContaining(['scan', 'plan', 'demo', 'init', 'explain', 'diff', 'rules']));
    expect(examplesIn(helpOf(program)).length).toBeGreaterThan(0);
  });

  it.each(commands)('%s --help has examples that parse', (name, cmd) => {
    const examples = examplesIn(helpOf(cmd));
    expect(examples.filter((l) => words(l)[1] === name).length, `${name}: no example of the command itself`).toBeGreaterThan(0);
    for (const line of examples) {
      const { command, unknown, operands } = parseExample(line);
      expect(unknown, line).toEqual([]);
      const required = command.registeredArguments.filter((a) => a.required).length;
      expect(operands.length, `${line}: arguments`).toBeGreaterThanOrEqual(required);
      if (!command.registeredArguments.some((a) => a.variadic))
        expect(operands.length, `${line}: arguments`).toBeLessThanOrEqual(command.registeredArguments.length);
      for (const o of command.options.filter((o) => o.mandatory))
        expect(command.getOptionValue(o.attributeName()), `${line}: ${o.long} is required`).toBeDefined();
    }
  });

  it('the parser the examples go through rejects what main would reject', () => {
    expect(parseExample('envelope scan --no-such-flag').unknown).toEqual(['--no-such-flag']);
    expect(() => parseExample('envelope demo --framework nist')).toThrow(/nist/);
    expect(() => parseExample('envelope scan --timeout 0')).toThrow(/--timeout/);
  });
});
