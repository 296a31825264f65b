import { XYZ_AXES } from '../webui/scripts/catalogue.js';

/** The index of an X/Y/Z axis type of txt2img (`Steps`, `Prompt S/R`, …), as `script_args` send it. */
export const xyzAxis = (label: string): number => XYZ_AXES.txt2img.indexOf(label);

/**
 * All 18 X/Y/Z `script_args` of 1.10 (the API fills missing ones with UI defaults, whose axis
 * types are labels, not indexes): X as given, Y and Z when given, the rest at their defaults.
 */
export function xyzArgs(
  xType: number,
  xValues: string,
  more: { y?: [number, string]; z?: [number, string]; lone?: boolean; subGrids?: boolean } = {},
): unknown[] {
  const [yType, yValues] = more.y ?? [0, ''];
  const [zType, zValues] = more.z ?? [0, ''];
  return [
    ...[xType, xValues, []],
    ...[yType, yValues, []],
    ...[zType, zValues, []],
    true, // draw legend
    more.lone === true, // include lone images
    more.subGrids === true, // include sub grids
    false, // keep -1 for seeds
    ...[false, false, false],
    0, // margin size
    false, // use text inputs instead of dropdowns
  ];
}
