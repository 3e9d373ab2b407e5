// The entry point action.yml runs (bundled to dist/index.js); everything else is in run().
import { run } from './main.js';

await run();
