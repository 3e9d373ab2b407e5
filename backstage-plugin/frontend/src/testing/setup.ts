import '@testing-library/jest-dom/vitest';
import { vi } from 'vitest';

// @backstage/test-utils builds some mocks with jest.fn(); vitest's vi is the same shape.
(globalThis as unknown as { jest: typeof vi }).jest = vi;
