export function readmeCommands(readme: string): { demo: string; test: string };
