import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.tsx'],
    environment: 'happy-dom',
    // @backstage/test-utils expects jest-style globals (see src/testing/setup.ts).
    globals: true,
    setupFiles: ['src/testing/setup.ts'],
    testTimeout: 30_000,
    // Packages whose ESM imports directories (@mui/material/Popover): let vite resolve them.
    server: { deps: { inline: [/material-ui-popup-state/, /@backstage\/plugin-catalog-react/, /@backstage\/core-components/] } },
  },
});
