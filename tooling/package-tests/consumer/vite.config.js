// A frontend's production build of one entry. The source maps name every module that went in.
const entry = process.env.BROWSER_ENTRY ?? 'browser/main.ts';

export default {
  logLevel: 'warn',
  build: {
    outDir: `browser-dist/${entry.replace(/\W+/g, '-')}`,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { input: entry },
  },
};
