/** Server-rendered HTML without a framework: every interpolated value goes through `escapeHtml`. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template that escapes every value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const rendered = Array.isArray(value) ? value.map((v) => (v instanceof Html ? v.text : escapeHtml(v))).join('') : value instanceof Html ? value.text : value === null || value === undefined || value === false ? '' : escapeHtml(value);
    out += rendered + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#123a5a;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#cfe3f5;text-decoration:none}header a.on{color:#fff;font-weight:600;border-bottom:2px solid #fff}
header .who{margin-left:auto;font-size:12px;color:#cfe3f5}header form{display:inline}
main{padding:16px 24px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 20px}
th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f5}
.mapped{color:#17603a}.excluded{color:#8a5a00}.unmapped{color:#a11}
.conf{font-variant-numeric:tabular-nums;text-align:right}.low{background:#fff3f3}
.banner{padding:10px 14px;border-radius:4px;margin:10px 0}.ok{background:#e7f6ec}.warn{background:#fff6e0}
button{background:#123a5a;color:#fff;border:0;padding:8px 16px;border-radius:4px;cursor:pointer}
button.link{background:none;color:#cfe3f5;padding:0}
code{background:#eef1f5;padding:1px 4px;border-radius:3px}small{color:#5b6472}
`;

export interface NavItem {
  path: string;
  title: string;
}

export function layout(options: { title: string; nav: NavItem[]; current: string; actor: string | null; csrf: string | null; body: Html }): string {
  const nav = options.nav.map((item) => html`<a href="${item.path}" class="${item.path === options.current ? 'on' : ''}">${item.title}</a>`);
  const who = options.actor
    ? html`<span class="who">signed in as <b id="actor">${options.actor}</b> · <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${options.csrf}"><button class="link" type="submit">sign out</button></form></span>`
    : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title} · panda2zoho</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${new Html(STYLE)}</style></head>
<body><header><b>panda2zoho</b>${nav}${who}</header><main><h1>${options.title}</h1>${options.body}</main></body></html>`.text;
}
