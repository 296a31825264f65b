// The checks `release:check` runs on a tarball, also used by `release:e2e` on what the registry serves.
export { checkDependencyRanges } from './dependency-ranges/index.js';
export { checkExportsMap } from './exports-map/index.js';
export { checkPackageMetadata, type ExpectedMetadata } from './package-metadata/index.js';
export { checkSourceMaps } from './source-maps/index.js';
export { readTarball, type TarballFiles } from './tarball/index.js';
