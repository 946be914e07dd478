// Test builder: files read the way every command reads them (a FileSource, once, into a store), for tests
// that need a revision of files on disk.
import { MeshStore, type MeshRevision } from '../core/index.js';
import { FileSource } from '../sources/files/file-source.js';

export async function readMesh(paths: readonly string[], cwd: string): Promise<MeshRevision> {
  const source = await FileSource.open(paths, cwd, { watch: false, viewOnly: true });
  await source.close();
  return new MeshStore(source.contents()).current;
}
