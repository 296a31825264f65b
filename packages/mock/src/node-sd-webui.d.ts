// node-sd-webui 0.0.8 ships types but its `exports` map does not point to them, so NodeNext
// resolution cannot find them. The test only needs this much.
declare module 'node-sd-webui' {
  interface Client {
    txt2img(options: Record<string, unknown>): Promise<{ images: string[]; info: unknown; parameters: unknown }>;
    pngInfo(options: { imageData: string }): Promise<Record<string, unknown>>;
  }
  export default function sdwebui(props?: { apiUrl?: string }): Client;
}
