// Placeholder until the Action issue lands: fail loudly instead of reporting a clean scan.
process.stdout.write('::error title=envelope::The envelope GitHub Action is not released yet. Use the CLI (npx envelope scan) meanwhile.\n');
process.exitCode = 1;
