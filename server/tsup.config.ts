import { defineConfig } from 'tsup';

/** Production bundle: our code and the shared package inlined; npm dependencies stay external. */
export default defineConfig({
  entry: {
    main: 'src/main.ts',
    admin: 'src/cli/admin.ts',
    'audit-verify': 'src/cli/audit-verify.ts',
    'embedded-db': 'src/db/embedded/cli.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@serantau\//],
});
