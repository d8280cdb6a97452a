// A host page script, type-checked against src/js/support-request-form.d.ts
// (tsconfig.json beside it maps the import there): `tsc -p tests/types`,
// run by tests/kit.rs.
import {
  mount,
  snippet,
  type CommentAddedDetail,
  type RequestCreatedDetail,
  type RequestFailedDetail,
  type SupportRequestFormConfig,
  type SupportRequestFormElement,
  type SupportRequestFormHandle,
} from './support-request-form.js';

declare const intranet: { serviceDeskToken(): Promise<string> };

const config: SupportRequestFormConfig = {
  serverUrl: 'https://desk.example.com',
  preset: 'requester',
  authScheme: 'bearer',
  locale: 'de',
  theme: 'auto',
  formId: 'intranet',
  requestTimeoutSeconds: 30,
  draftMaxAgeDays: 7,
  clientReference: { tag: true },
  ticketUrl: 'https://desk.example.com/t/request/{id}',
  myRequests: { requesterKey: 'request.requesterEmail' },
  messages: {
    de: { submit: 'Anfrage senden', 'files.count': { one: '{count} Datei angehängt.', other: '{count} Dateien angehängt.' } },
  },
  attachments: {
    uploadPath: '/api/oprfile',
    maxFiles: 5,
    maxFileBytes: 10 * 1024 * 1024,
    maxTotalBytes: 50 * 1024 * 1024,
    accept: ['.pdf', 'image/*'],
    stallSeconds: 60,
  },
  fields: {
    subject: { required: true, help: { en: 'In a few words', de: 'In wenigen Worten' } },
    priorityName: { shown: true, default: 'Low', options: ['Low', { value: 'High', label: { de: 'Hoch' } }] },
    tags: { preset: ['intranet'], shown: true },
    spam: { default: false },
    linkAssetIds: { default: [{ assetModel: 'asset_hardware', assetId: 1 }] },
    source: { preset: 'Support Portal' },
    fileAttachments: { label: 'Files' },
  },
  customFields: [
    { name: 'Floor', type: 'number', min: 0, max: 40, label: { en: 'Floor', de: 'Etage' } },
    { name: 'Laptop', type: 'dropdown', options: ['ThinkPad', 'MacBook'], default: 'ThinkPad' },
    { name: 'Apps', type: 'multiselect', options: ['Mail', 'Chat'], preset: ['Mail'] },
    { name: 'When', type: 'datetime', required: true },
    {
      name: 'Subcategory',
      type: 'dropdown',
      visibleWhen: { field: 'categoryName', empty: false },
      options: [{ value: 'Laptop', when: { field: 'categoryName', in: ['Hardware'] } }, 'Other'],
    },
    {
      name: 'Impact details',
      type: 'textarea',
      requiredWhen: { any: [{ field: 'urgencyName', equals: 'Urgent' }, { not: { field: 'Floor', lessThan: 3 } }] },
    },
    { name: 'Portal', type: 'text', default: 'Intranet', locked: true },
  ],
};

// Services: overlays of the configuration, opened by id.
const withServices: SupportRequestFormConfig = {
  ...config,
  services: [
    {
      id: 'laptop',
      label: { en: 'Laptop repair', de: 'Laptop-Reparatur' },
      description: 'Broken screen, battery or keyboard',
      group: 'Hardware',
      fields: { categoryName: { preset: 'Hardware' }, locationName: { shown: false } },
      customFields: [{ name: 'Asset tag', required: true }],
    },
    { id: 'other', label: 'Something else' },
  ],
};
// @ts-expect-error: a service needs a label.
const unlabelled: SupportRequestFormConfig = { services: [{ id: 'x' }] };

// @ts-expect-error: a condition names one operator (here none).
const noOperator: SupportRequestFormConfig = { fields: { subject: { visibleWhen: { field: 'categoryName' } } } };

// @ts-expect-error: the configuration is closed; a typo'd key is an error.
const typo: SupportRequestFormConfig = { serverURL: 'https://desk.example.com' };

// @ts-expect-error: options are only for choice fields.
const noOptions: SupportRequestFormConfig = { fields: { subject: { options: ['a'] } } };

// @ts-expect-error: a dropdown needs options.
const needsOptions: SupportRequestFormConfig = { customFields: [{ name: 'Laptop', type: 'dropdown' }] };

// @ts-expect-error: the theme is one of auto, light, dark.
const badTheme: SupportRequestFormConfig = { theme: 'blue' };

void [typo, noOptions, needsOptions, badTheme, noOperator];

// The element, typed from the tag name without a cast.
const form = document.querySelector('support-request-form');
const element: SupportRequestFormElement | null = form;
void element;

if (form) {
  form.token = await intranet.serviceDeskToken();
  form.tokenProvider = async () => intranet.serviceDeskToken();
  form.service = 'laptop';
  const opened: string | null = form.service;
  form.tokenProvider = () => 'static-token';
  form.tokenProvider = null;
  form.user = 'pat@example.com';
  form.config = config;
  const token: string | null = form.token;
  const user: string | null = form.user;
  void [token, user];
  form.setAttribute('server-url', 'https://desk.example.com');
}

form?.setAttribute('locale', 'pt-BR');
form?.addEventListener('request-created', (e) => {
  const number: string = e.detail.name;
  const id: number | undefined = e.detail.id;
  const created: RequestCreatedDetail = e.detail;
  console.log('created', number, id, created['requesterName']);
});
form?.addEventListener('request-failed', (e) => {
  const status: number | null = e.detail.status;
  const failed: RequestFailedDetail = e.detail;
  console.warn(status, failed.message);
});
form?.addEventListener('comment-added', (e) => {
  const requestId: number = e.detail.requestId;
  const added: CommentAddedDetail = e.detail;
  console.log('comment on', requestId, added.details);
});

// The events bubble: a listener on any element is typed too.
document.body.addEventListener('request-created', (e) => console.log(e.detail.name, e.detail.service));

// mount() and its handle.
const help = document.getElementById('help');
if (help) {
  const handle: SupportRequestFormHandle = mount(help, {
    preset: 'requester',
    serverUrl: 'https://desk.example.com',
  });
  handle.setToken(await intranet.serviceDeskToken());
  handle.setTokenProvider(() => intranet.serviceDeskToken());
  handle.setUser('pat@example.com');
  handle.setConfig({ ...withServices, theme: 'dark' });
  handle.setService('laptop');
  help.addEventListener('request-failed', (e) => console.warn(e.detail.status));
  handle.unmount();
  mount(help);
  mount(help, withServices, { service: 'other' });
}

// The snippet for a configuration, as `cargo xtask snippet` writes it.
const html: string = await snippet(JSON.stringify(config), {
  base: 'https://intranet.example.com/support/',
  serverUrl: 'https://desk.example.com',
  locale: 'de',
  theme: 'dark',
  signIn: false,
});
console.log(html.length);

export {};

// An admin tool: every problem of a configuration, with its key path.
document.querySelector('support-request-form')?.addEventListener('config-invalid', (event) => {
  for (const problem of event.detail.problems) console.warn(`${problem.path}: ${problem.message}`);
});
