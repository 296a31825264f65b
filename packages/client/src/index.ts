export {
  createRawClient,
  basicAuthorization,
  TARGETS,
  DEFAULT_TARGET,
  type Target,
  type TargetPaths,
  type RawClientOptions,
} from './raw-client/index.js';
export type { paths, components, operations } from './generated/a1111-1.10.js';
export type * as V1_10 from './generated/a1111-1.10.js';
export type * as V1_7 from './generated/a1111-1.7.js';
export type * as V1_4 from './generated/a1111-1.4.js';

import type { components } from './generated/a1111-1.10.js';

/** Component schemas of the default target (`a1111-1.10`), e.g. `Schemas['SDModelItem']`. */
export type Schemas = components['schemas'];
