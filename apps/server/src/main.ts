// Entry point: `node dist/main.js [--demo]`.
// The young generation is kept small before anything else loads: parsing Nest and its
// dependencies alone would grow it to 32 MB for the life of an idle server. Hence the static
// import of that module alone, and the dynamic import of everything else.
import './common/young-generation.js';

await import('./cli.js');
