// The baseline for downloads: plain node:http streaming one file with fs.createReadStream.
//   node raw-file-server.mjs <file>   → prints the port, serves GET / until killed.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
/** One line of this script's output on stdout. */
const print = (line = '') => process.stdout.write(`${line}\n`);

const file = process.argv[2];
const size = statSync(file).size;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => print(server.address().port));
