export async function run() {
  return undefined;
}
