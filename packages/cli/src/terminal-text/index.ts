// One implementation for every package that prints or writes server text: see @sdwebui/internal.
export { printable } from '@sdwebui/internal/printable';
