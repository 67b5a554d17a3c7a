import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Standalone on purpose: vite.config.ts needs files the Vaadin build generates, the unit tests need none of them.
export default defineConfig({
  resolve: {
    alias: {
      Frontend: fileURLToPath(new URL('./src/main/frontend', import.meta.url)),
    },
  },
  esbuild: {
    jsx: 'automatic',
  },
  test: {
    environment: 'jsdom',
    include: ['src/test/frontend/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/frontend/setup.ts'],
    restoreMocks: true,
  },
});
