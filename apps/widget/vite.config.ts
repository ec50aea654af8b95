import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * engine.io-client bundles a WebTransport transport (with its stream codecs) that is only used
 * when the server offers it; ours never does (Socket.IO over polling + WebSocket). Replacing the
 * module with an empty class saves ~0.7 kB gzip of the 85 kB budget.
 */
function withoutWebTransport(): Plugin {
  return {
    name: 'jpsp:without-webtransport',
    enforce: 'pre',
    load(id) {
      return /engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]webtransport\.js$/.test(id) ? 'export class WT {}' : null;
    },
  };
}

/**
 * Library build: one self-contained IIFE for a <script> tag (global `JpspWidget`, React and
 * socket.io-client inside, CSS inlined into the widget's shadow root) and the same code as an
 * ES module. `process.env.NODE_ENV` must be defined, or React ships its development build and
 * the IIFE crashes in the browser (no `process` there).
 */
export default defineConfig({
  plugins: [react(), withoutWebTransport()],
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    target: 'es2022',
    minify: true,
    sourcemap: false,
    rolldownOptions: {
      // The contract is constants and types only: what the widget does not import may go.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/libs/contracts/') },
    },
    emptyOutDir: true,
    // The budget check (scripts/check-size.mjs) prints the one gzip size that counts.
    reportCompressedSize: false,
    lib: {
      entry: 'src/index.ts',
      name: 'JpspWidget',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'iife' ? 'jpsp-widget.iife.js' : 'jpsp-widget.js'),
    },
  },
});
