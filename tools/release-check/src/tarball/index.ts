import { list } from 'tar';

/** The files of a packed package, by path inside the package (the tarball's `package/` prefix removed). */
export type TarballFiles = ReadonlyMap<string, Buffer>;

/** Reads every regular file of an npm tarball into memory (our tarballs are a few MB at most). */
export async function readTarball(file: string): Promise<TarballFiles> {
  const files = new Map<string, Buffer>();
  await list({
    file,
    onReadEntry: (entry) => {
      if (entry.type !== 'File') return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path.replace(/^[^/]+\//, ''), Buffer.concat(chunks)));
    },
  });
  return files;
}
