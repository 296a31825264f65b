import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { openSession, withWebuiFlags, type Session } from '../webui-session.js';

/** One list command: fetch, then print names (or JSON with --json). */
function listCommand(
  program: Command,
  context: CliContext,
  name: string,
  description: string,
  list: (session: Session) => Promise<void>,
): void {
  withWebuiFlags(program.command(name))
    .description(description)
    .action(async (_flags: unknown, command: Command) => {
      const session = await openSession(command, context);
      await list(session);
    });
}

/** Names from the server, one a line, safe for a terminal. */
async function lines(names: string[]): Promise<string> {
  const { printable } = await import('../terminal-text/index.js');
  return names.map(printable).join('\n');
}

export function registerListCommands(program: Command, context: CliContext): void {
  listCommand(program, context, 'models', 'list the checkpoints the webui knows', async (session) => {
    const models = await session.client.listModels();
    const text = await lines(models.map((model) => model.title));
    session.print(models, () => text);
  });

  listCommand(program, context, 'samplers', 'list the samplers', async (session) => {
    const samplers = await session.client.samplers();
    const text = await lines(samplers.map((sampler) => sampler.name));
    session.print(samplers, () => text);
  });

  listCommand(
    program,
    context,
    'schedulers',
    'list the schedulers (webui 1.9+; older ones fold them into sampler names)',
    async (session) => {
      const schedulers = await session.client.schedulers();
      const text = await lines(schedulers.map((item) => `${item.label} (${item.name})`));
      session.print(schedulers, () =>
        schedulers.length
          ? text
          : 'this webui has no separate schedulers (before 1.9): pick a sampler like "DPM++ 2M Karras"',
      );
    },
  );

  listCommand(
    program,
    context,
    'upscalers',
    'list the upscalers (for upscale --upscaler and --hires-upscaler)',
    async (session) => {
      const upscalers = await session.client.upscalers();
      const text = await lines(upscalers.map((item) => item.name));
      session.print(upscalers, () => text);
    },
  );

  listCommand(program, context, 'loras', 'list the LoRAs (use them in a prompt as <lora:NAME:1>)', async (session) => {
    const loras = await session.client.loras();
    const text = await lines(loras.map((item) => item.name));
    session.print(loras, () => text);
  });

  listCommand(program, context, 'vaes', 'list the VAEs (for --vae; Forge: `sdwebui modules`)', async (session) => {
    const vaes = await session.client.vaes();
    const text = await lines(vaes.map((item) => item.model_name));
    session.print(vaes, () => text);
  });

  listCommand(
    program,
    context,
    'modules',
    "list Forge's modules, its VAE and text-encoder files (for --set 'override_settings={\"forge_additional_modules\":[…]}')",
    async (session) => {
      const modules = await session.client.modules();
      const text = await lines(modules.map((item) => item.model_name));
      session.print(modules, () => text);
    },
  );

  listCommand(
    program,
    context,
    'controlnet-models',
    'list the ControlNet models (the MODEL of --controlnet)',
    async (session) => {
      const models = await session.client.controlNet.models();
      const text = await lines(models);
      session.print(models, () => text);
    },
  );

  listCommand(
    program,
    context,
    'controlnet-modules',
    'list the ControlNet modules, its preprocessors (the MODULE of --controlnet)',
    async (session) => {
      const { module_list: modules } = await session.client.controlNet.modules();
      const text = await lines(modules);
      session.print(modules, () => text);
    },
  );

  listCommand(program, context, 'adetailer-models', 'list the ADetailer models (for --adetailer)', async (session) => {
    const models = await session.client.adetailer.models();
    const text = await lines(models);
    session.print(models, () => text);
  });

  listCommand(
    program,
    context,
    'scripts',
    'list the scripts (script_name) and always-on scripts (alwayson_scripts) with their arguments',
    async (session) => {
      const scripts = await session.client.scripts();
      const { describeScripts } = await import('../script-listing/index.js');
      const text = describeScripts(scripts);
      session.print(scripts, () => text);
    },
  );

  withWebuiFlags(program.command('interrupt'))
    .description('stop whatever job the webui is running (like its Interrupt button)')
    .action(async (_flags: unknown, command: Command) => {
      const session = await openSession(command, context);
      await session.client.interrupt();
      session.print({ interrupted: true }, () => 'interrupted');
    });
}
