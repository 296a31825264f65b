/**
 * The Node modules of the mock's file-based parts (cassettes, the recorder's files) in the browser
 * mock: present so the bundle links, failing when called. The browser mock replays no cassette
 * folder and records nothing.
 */
function unsupported(name: string) {
  return () => {
    throw new Error(`${name} is not available in the browser mock (cassette files and recording are Node-only)`);
  };
}

export const readFile = unsupported('readFile');
export const writeFile = unsupported('writeFile');
export const readdir = unsupported('readdir');
export const mkdir = unsupported('mkdir');
export const rename = unsupported('rename');
export const rm = unsupported('rm');
export const unlink = unsupported('unlink');
export const stat = unsupported('stat');
export const lstat = unsupported('lstat');
export const open = unsupported('open');
export const realpath = unsupported('realpath');
export const copyFile = unsupported('copyFile');
export const link = unsupported('link');
export const mkdtemp = unsupported('mkdtemp');
export const symlink = unsupported('symlink');
export const truncate = unsupported('truncate');
export const join = (...parts: string[]) => parts.join('/');
export const resolve = (...parts: string[]) => parts.join('/');
export const dirname = (path: string) => path.slice(0, path.lastIndexOf('/'));
export const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
export const relative = unsupported('relative');
export const isAbsolute = (path: string) => path.startsWith('/');
export const sep = '/';
export default {};
