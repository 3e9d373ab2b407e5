// Finds the README's two commands: the fenced ```sh blocks under its "## Two commands" heading,
// the first the demo, the second the tests. The newcomer test runs exactly these, so the README
// cannot drift from what is checked.

const HEADING = /^##\s+Two commands\s*$/;

/**
 * @param {string} readme the text of README.md
 * @returns {{ demo: string, test: string }}
 */
export function readmeCommands(readme) {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((line) => HEADING.test(line));
  if (start < 0) throw new Error('README.md has no "## Two commands" heading');
  const blocks = [];
  let fence = null;
  let body = [];
  for (const line of lines.slice(start + 1)) {
    if (fence === null) {
      if (/^##?\s/.test(line)) break; // the next section of the same or a higher level
      const open = /^(`{3,})\s*(\S*)\s*$/.exec(line);
      if (open) {
        fence = { marker: open[1], lang: open[2] };
        body = [];
      }
    } else if (line.startsWith(fence.marker) && line.trim() === fence.marker) {
      if (fence.lang === 'sh') blocks.push(body.join('\n').trim());
      fence = null;
    } else {
      body.push(line);
    }
  }
  if (fence !== null) throw new Error('README.md: a code block under "## Two commands" is never closed');
  if (blocks.length !== 2) {
    throw new Error(`README.md: expected exactly two \`\`\`sh blocks under "## Two commands" (the demo, then the tests), found ${blocks.length}`);
  }
  const [demo, test] = blocks;
  if (!demo || !test) throw new Error('README.md: a ```sh block under "## Two commands" is empty');
  return { demo, test };
}
