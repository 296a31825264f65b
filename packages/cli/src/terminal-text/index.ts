// One implementation for every package that prints or writes server text: see @sdwebui/internal.
export { printable, printableJson } from '@sdwebui/internal/printable';
