import type { ExtensionId } from './host/index.js';

type OptionSchema = { type: 'string' | 'number' | 'boolean'; default: unknown; nullable: true };

const option = (value: unknown): OptionSchema => ({
  type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
  default: value,
  nullable: true,
});

/** Settings the extensions add (`on_ui_settings`); like core ones, int defaults come back from GET as floats. */
const OPTIONS: Record<ExtensionId, Record<string, unknown>> = {
  // sd-webui-controlnet `scripts/controlnet.py` (v1.1.455)
  controlnet: {
    control_net_detectedmap_dir: 'detected_maps',
    control_net_models_path: '',
    control_net_modules_path: '',
    control_net_unit_count: 3,
    control_net_model_cache_size: 2,
    control_net_inpaint_blur_sigma: 7,
    control_net_no_detectmap: false,
    control_net_detectmap_autosaving: false,
    control_net_allow_script_control: false,
    control_net_sync_field_args: true,
    controlnet_show_batch_images_in_ui: false,
    controlnet_increment_seed_during_batch: false,
    controlnet_disable_openpose_edit: false,
    controlnet_disable_photopea_edit: false,
    controlnet_photopea_warning: true,
    controlnet_ignore_noninpaint_mask: false,
    controlnet_clip_detector_on_cpu: false,
    controlnet_control_type_dropdown: false,
  },
  // ADetailer `scripts/!adetailer.py` (25.3.0)
  adetailer: {
    ad_max_models: 4,
    ad_extra_models_dir: '',
    ad_save_images_dir: '',
    ad_save_previews: false,
    ad_save_images_before: false,
    ad_only_selected_scripts: true,
    ad_script_names: 'dynamic_prompting,dynamic_thresholding,lora_block_weight,negpip,wildcard_recursive,wildcards',
    ad_bbox_sortby: 'None',
    ad_same_seed_for_each_tab: false,
    ad_dynamic_denoise_power: 0,
    ad_match_inpaint_bbox_size: 'Off',
  },
};

/** The `Options` schema with the installed extensions' settings added after the core ones. */
export function withExtensionOptions(
  schema: Record<string, unknown>,
  installed: readonly ExtensionId[],
): Record<string, unknown> {
  const added = Object.fromEntries(
    installed.flatMap((id) => Object.entries(OPTIONS[id]).map(([key, value]) => [key, option(value)])),
  );
  return { ...schema, properties: { ...((schema.properties ?? {}) as Record<string, unknown>), ...added } };
}
