// Copies the widget's IIFE build into the plugin's static folder, from where Indico serves it
// at /static/plugins/jpsp/dist/jpsp-widget.iife.js. Run by `npm run build` after the widget build.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(pluginDir, '..', '..', 'apps', 'widget', 'dist', 'jpsp-widget.iife.js');
const target = join(pluginDir, 'indico_jpsp', 'static', 'dist', 'jpsp-widget.iife.js');

if (!existsSync(source)) {
  process.stderr.write(
    `indico-plugin: ${relative(process.cwd(), source)} not found; build the widget first ` +
      '(the booklet page reports the missing widget until then)\n',
  );
  process.exit(process.env.JPSP_REQUIRE_WIDGET === '1' ? 1 : 0);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
process.stdout.write(`indico-plugin: copied the widget to ${relative(process.cwd(), target)}\n`);
