/**
 * A self-contained API page for `/docs` (the webui serves Swagger UI there). No CDN assets:
 * the mock runs offline. Lists every operation of the served spec with a form to try it.
 */
export function docsPage(
  spec: { paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>> },
  title: string,
): string {
  const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  const rows = Object.entries(spec.paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => {
        const body = operation.requestBody ? '<textarea name="body" rows="3" cols="60">{}</textarea>' : '';
        return `<details><summary><code>${method.toUpperCase()} ${escapeHtml(path)}</code> ${escapeHtml(operation.summary ?? '')}</summary>
<form data-method="${method.toUpperCase()}" data-path="${escapeHtml(path)}">${body}<button>Send</button></form><pre></pre></details>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui;margin:2rem}summary{cursor:pointer;padding:.2rem 0}pre{background:#f4f4f4;max-height:20rem;overflow:auto}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>Mock webui. Spec: <a href="/openapi.json">/openapi.json</a></p>${rows}
<script>
for (const form of document.querySelectorAll('form')) form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = form.nextElementSibling;
  const body = form.querySelector('textarea');
  const response = await fetch(form.dataset.path, { method: form.dataset.method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? body.value : undefined });
  out.textContent = response.status + ' ' + (await response.text()).slice(0, 20000);
});
</script></body></html>`;
}
