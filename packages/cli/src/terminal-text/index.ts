// One implementation for every package that prints or writes server text: see @sdwebui/internal.
export { printable, printableJson, quoted } from '@sdwebui/internal/printable';
