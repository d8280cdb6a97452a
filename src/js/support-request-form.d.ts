// Type declarations for `support-request-form.js`, the public module of
// the support-request form (see README.md, "Embedding: four ways").
//
// Importing the module registers the `<support-request-form>` custom
// element and exports `mount`. The element's class itself is not exported:
// `SupportRequestFormElement` below is a type (what
// `document.querySelector('support-request-form')` returns), not a value.

// ---------------------------------------------------------------------------
// Configuration (config.json, the element's `config` property, mount()'s
// second argument). Parsing is strict: an unknown key, a wrong type or a
// default that is not one of its options is reported with the key's path
// and the form does not start.
// ---------------------------------------------------------------------------

/**
 * A text for every language (`"Floor"`), or texts by language tag
 * (`{"en": "Floor", "de": "Etage"}`; each key must be a language tag such as
 * `en`, `de-AT` or `pt-BR`).
 */
export type LocalizedText = string | Record<string, string>;

/**
 * One option of a choice field: a name (sent as it is), or
 * `{"value": "…", "label": text}` to show another name (per language) while
 * sending `value`. Options must not be blank or repeated.
 */
export type FieldOption =
  | string
  | {
      value: string;
      label?: LocalizedText;
      /** Offered only while this holds (dependent options); a choice no longer offered is cleared. */
      when?: Condition;
    };

/** A value a field is compared with: text or an option, a number, or a checkbox's state. */
export type ConditionValue = string | number | boolean;

/**
 * When a field shows, is required, or an option is offered. `field` names a
 * standard field (`categoryName`, …) or a custom field (its `name`); a
 * hidden field counts as empty. Conditions that can never hold, name an
 * unknown field, use an operator that does not fit the field, or depend on
 * each other in a circle are configuration errors.
 */
export type Condition =
  | { field: string; equals: ConditionValue }
  | { field: string; notEquals: ConditionValue }
  | { field: string; in: ConditionValue[] }
  | { field: string; notIn: ConditionValue[] }
  /** A list holds the item; a text holds the words (A to Z in either case). */
  | { field: string; contains: string }
  /** Numbers and date-times (epoch milliseconds). */
  | { field: string; greaterThan: number }
  | { field: string; lessThan: number }
  | { field: string; empty: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** What every field (standard or custom) may add: conditions and locking. */
export interface FieldRules {
  /** Shown only while this holds; hidden, it is neither checked nor sent. */
  visibleWhen?: Condition;
  /** Required while this holds (re-checked as the person types). */
  requiredWhen?: Condition;
  /** Shown read-only with its default (or prefilled) value, and sent. Not for attachments. */
  locked?: boolean;
}

/** A linked asset, the value of `fields.linkAssetIds`. */
export interface AssetLink {
  /** The asset's model, e.g. `"asset_hardware"`. Must not be empty. */
  assetModel: string;
  /** The asset's id (a whole number). */
  assetId: number;
}

/**
 * Settings of one standard field (`fields.<name>`). `V` is the type of the
 * field's value (`default` and `preset`).
 */
export interface FieldSettings<V = string> extends FieldRules {
  /**
   * Show or hide the field (overrides the preset). Default: what
   * `preset` (top level) says. Subject and Requester email can be hidden
   * only together with a `preset` value.
   */
  shown?: boolean;
  /** Must be filled before sending. Default: `false`. */
  required?: boolean;
  /**
   * Visible label. Default: the catalog's name for the field (e.g.
   * "Support level"); a string, or texts by language.
   */
  label?: LocalizedText;
  /** Help text under the label (a string, or texts by language). Default: none. */
  help?: LocalizedText;
  /** Starting value, which the user can change. Default: empty. */
  default?: V;
  /**
   * A value always sent and not shown, e.g. `"source": {"preset": "Support
   * Portal"}`. A list field (`ccEmailSet`, `tags`) with `"shown": true`
   * keeps its preset items on top of what the user adds. Default: none.
   */
  preset?: V;
}

/**
 * Settings of a field the server always requires (`subject`,
 * `requesterEmail`): `required` may only be `true`.
 */
export interface RequiredFieldSettings extends FieldSettings<string> {
  /** Always required; `false` is a configuration error. */
  required?: true;
}

/**
 * Settings of a field that takes a name from a list (Category, Impact,
 * Priority, Urgency, Department, Location, Support level, Technician group,
 * Source, Status).
 */
export interface ChoiceFieldSettings extends FieldSettings<string> {
  /**
   * The choices. Default: the seed's values (Impact: Low, On User, On
   * department, On Business; Priority and Urgency: Low, Medium, High,
   * Urgent; Support level: tier1–tier4; Status: Open, In Progress, Pending,
   * Resolved, Closed; Source: Support Portal, Technician Portal, External).
   * Category, Department, Location and Technician group have no default
   * list: without `options` they are free text. `default` and `preset` must
   * be one of the options.
   */
  options?: FieldOption[];
}

/**
 * Per standard field settings, keyed by the field's name (the JSON key it
 * sends).
 */
export interface FieldsConfig {
  /** Subject (always required). */
  subject?: RequiredFieldSettings;
  /** Description. */
  description?: FieldSettings<string>;
  /** Requester email (always required). */
  requesterEmail?: RequiredFieldSettings;
  /** CC emails (a list of emails). */
  ccEmailSet?: FieldSettings<string[]>;
  /** Category (free text without `options`). */
  categoryName?: ChoiceFieldSettings;
  /** Impact. */
  impactName?: ChoiceFieldSettings;
  /** Priority (not in the requester preset). */
  priorityName?: ChoiceFieldSettings;
  /** Urgency. */
  urgencyName?: ChoiceFieldSettings;
  /** Department (free text without `options`). */
  departmentName?: ChoiceFieldSettings;
  /** Location (free text without `options`). */
  locationName?: ChoiceFieldSettings;
  /** Tags (a list of strings). */
  tags?: FieldSettings<string[]>;
  /** Support level (not in the requester preset). */
  supportLevel?: ChoiceFieldSettings;
  /** Spam flag (not in the requester preset). */
  spam?: FieldSettings<boolean>;
  /** Assignee email (not in the requester preset). */
  assigneeEmail?: FieldSettings<string>;
  /**
   * Technician group, sent under the top-level `technicianGroupKey` (not in
   * the requester preset; free text without `options`).
   */
  technicianGroup?: ChoiceFieldSettings;
  /** Source (not in the requester preset). */
  source?: ChoiceFieldSettings;
  /** Status (not in the requester preset). */
  statusName?: ChoiceFieldSettings;
  /** Linked assets (not in the requester preset). */
  linkAssetIds?: FieldSettings<AssetLink[]>;
  /**
   * The attachments control. It takes no value: `default` and `preset` are
   * configuration errors. Limits are under the top-level `attachments`.
   */
  fileAttachments?: FieldSettings<never>;
}

/** Upload path and limits for attachments. */
export interface AttachmentsConfig {
  /**
   * Upload endpoint on the server (multipart field `file`); a path starting
   * with `/`. Default: `"/api/oprfile"`.
   */
  uploadPath?: string;
  /** Most files per request (a whole number above 0). Default: `10`. */
  maxFiles?: number;
  /** Largest file in bytes (a whole number above 0). Default: `26214400` (25 MB). */
  maxFileBytes?: number;
  /** All files together in bytes (a whole number above 0). Default: `104857600` (100 MB). */
  maxTotalBytes?: number;
  /**
   * Extensions (`".pdf"`) and MIME patterns (`"image/*"`, `"text/plain"`).
   * Default: `[]` (anything).
   */
  accept?: string[];
  /**
   * An upload with no progress for this many seconds (above 0) is abandoned
   * and sent again. Default: `60`.
   */
  stallSeconds?: number;
  /**
   * Picked and dropped images wait for review ("Hide parts of the image")
   * before upload, as pasted and captured ones always do. Default: `false`
   * (they upload at once and offer *Hide parts…*).
   */
  reviewImages?: boolean;
}

/** The keys every custom field may have. */
interface CustomFieldBase extends FieldRules {
  /** Display name: the visible label and the key in `customField`. Required, unique. */
  name: string;
  /** Visible label. Default: `name`; a string, or texts by language. */
  label?: LocalizedText;
  /** Must be filled before sending. Default: `false`. */
  required?: boolean;
  /** Help text under the label (a string, or texts by language). Default: none. */
  help?: LocalizedText;
}

/** A `text` or `textarea` custom field: sends a string. */
export interface TextCustomField extends CustomFieldBase {
  /** `text` (one line) or `textarea` (several lines). */
  type: 'text' | 'textarea';
  /** Starting value. Default: empty. */
  default?: string;
  /** Always sent, not shown. Default: none. */
  preset?: string;
}

/** A `number` custom field: sends a JSON number. */
export interface NumberCustomField extends CustomFieldBase {
  type: 'number';
  /** Smallest value allowed. Default: none. */
  min?: number;
  /** Largest value allowed (not below `min`). Default: none. */
  max?: number;
  /** Starting value. Default: empty. */
  default?: number;
  /** Always sent, not shown. Default: none. */
  preset?: number;
}

/** A `dropdown` or `radio` custom field: sends one of its options. */
export interface SingleChoiceCustomField extends CustomFieldBase {
  type: 'dropdown' | 'radio';
  /** The choices (required). */
  options: FieldOption[];
  /** Starting value, one of the options. Default: none chosen. */
  default?: string;
  /** Always sent, not shown; one of the options. Default: none. */
  preset?: string;
}

/**
 * A `multiselect` or `checkbox` (a group of checkboxes) custom field: sends
 * a string array.
 */
export interface MultiChoiceCustomField extends CustomFieldBase {
  type: 'multiselect' | 'checkbox';
  /** The choices (required). */
  options: FieldOption[];
  /** Starting values, each one of the options. Default: none chosen. */
  default?: string[];
  /** Always sent, not shown; each one of the options. Default: none. */
  preset?: string[];
}

/**
 * A `datetime` custom field: sends epoch milliseconds (entered and shown in
 * the user's time zone).
 */
export interface DateTimeCustomField extends CustomFieldBase {
  type: 'datetime';
  /** Starting value, in epoch milliseconds. Default: empty. */
  default?: number;
  /** Always sent, not shown, in epoch milliseconds. Default: none. */
  preset?: number;
}

/** One of the deployment's custom fields (`customFields[]`). */
export type CustomFieldConfig =
  | TextCustomField
  | NumberCustomField
  | SingleChoiceCustomField
  | MultiChoiceCustomField
  | DateTimeCustomField;

/**
 * Where each request carries the form's own reference (`srf-…`), so that
 * after an ambiguous failure the form can look the ticket up before sending
 * again: in its tags (`{"tag": true}`), or in a custom field
 * (`{"customField": "<name>"}`). `{}` (or `{"tag": false}`) is off.
 */
export type ClientReferenceConfig =
  | { tag: true; customField?: never }
  | { tag?: false; customField: string }
  | { tag?: false; customField?: never };

/**
 * A plural text: one text per CLDR plural category; `other` is required.
 */
export interface PluralText {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** `myRequests` as an object: on, naming the search property. */
export interface MyRequestsConfig {
  /**
   * The search property holding the requester's email; not empty.
   * Default: `"request.requesterEmail"`.
   */
  requesterKey?: string;
}

/** The form's configuration: the schema of `config.json`. */
export interface SupportRequestFormConfig {
  /**
   * Base URL of the ServiceOps server, e.g. `https://desk.example.com`.
   * The element's `server-url` attribute wins over it. Default: `""` (the
   * page's origin).
   */
  serverUrl?: string;
  /** OAuth client id for the password grant. Default: `""`. */
  clientId?: string;
  /**
   * OAuth client secret (a public client, as in the vendor's own web app).
   * Default: `""`.
   */
  clientSecret?: string;
  /**
   * Which standard fields are shown before `fields` adjusts them:
   * `requester` shows Subject, Description, Requester email, CC emails,
   * Category, Impact, Urgency, Department, Location, Tags, Attachments and
   * every custom field; `technician` shows every field.
   * Default: `"requester"`.
   */
  preset?: 'requester' | 'technician';
  /** JSON key for the technician group; not empty. Default: `"groupName"`. */
  technicianGroupKey?: string;
  /**
   * How a token given by the host page is sent: `Authorization: Bearer …`
   * or `Authorization: Apikey …`. Default: `"bearer"`.
   */
  authScheme?: 'bearer' | 'apikey';
  /**
   * Where each request carries the form's own reference, so that after an
   * ambiguous failure the form can look the ticket up before sending again.
   * Default: off.
   */
  clientReference?: ClientReferenceConfig;
  /**
   * An unanswered create call is abandoned (and, if safe, retried) after
   * this many seconds (above 0). Default: `30`.
   */
  requestTimeoutSeconds?: number;
  /**
   * Names this form's saved draft (together with the server URL and the
   * user). Default: `"default"`.
   */
  formId?: string;
  /**
   * The form's language as a language tag, e.g. `"de"`; the element's
   * `locale` attribute wins over it. Default: the browser's languages.
   */
  locale?: string;
  /**
   * The color scheme; `auto` follows the system. The element's `theme`
   * attribute wins over it. Default: `"auto"`.
   */
  theme?: 'auto' | 'light' | 'dark';
  /**
   * Texts of this deployment by language, overriding the catalogs:
   * `{"de": {"submit": "Anfrage senden"}}` (keys as in `locales/en.json`;
   * an unknown key is an error). Default: `{}`.
   */
  messages?: Record<string, Record<string, string | PluralText>>;
  /**
   * Saved drafts older than this many days (above 0) are not offered
   * again. Default: `7`.
   */
  draftMaxAgeDays?: number;
  /**
   * Where a ticket opens in the service desk's web app, e.g.
   * `"https://desk.example.com/t/request/{id}"`; `{id}` and `{name}` (the
   * number) are replaced, URL-encoded. Must start with `https://`,
   * `http://` or `/` and name `{id}` or `{name}`. Default: none (the ticket
   * card has no link).
   */
  ticketUrl?: string;
  /**
   * "My recent requests" under the form. `true`/`false` turns it on or off;
   * an object turns it on and names the search property holding the
   * requester's email. Default: on with password sign-in, off with a host
   * token (with a host token it also needs the `user` attribute/property).
   */
  myRequests?: boolean | MyRequestsConfig;
  /** Per standard field settings, keyed by the field's name. Default: `{}`. */
  fields?: FieldsConfig;
  /** Upload path and limits. Default: see `AttachmentsConfig`. */
  attachments?: AttachmentsConfig;
  /** The deployment's custom fields, in display order. Default: `[]`. */
  customFields?: CustomFieldConfig[];
  /**
   * The fields a link may fill: `?srf-<name>=…` for each name listed (a
   * standard field's key or a custom field's name; a list repeats the
   * key). Nothing else is read from the address. Default: `[]`.
   */
  prefillFromUrl?: string[];
  /**
   * What of the page is sent with each request, shown to the person
   * before Submit ("Sent with your request"). Default: nothing but the
   * host's `context`.
   */
  context?: ContextConfig;
  /**
   * What a person can ask for. With services the form first asks "What do
   * you need help with?" (a searchable list, grouped by `group`); choosing
   * one shows its form. Default: `[]` (the form at once).
   */
  services?: ServiceConfig[];
}

/**
 * One service: a named overlay of the configuration. `fields` are merged
 * field by field and key by key; `customFields` by name (settings for one
 * of the form's, or a whole new one, added at the end); the other keys
 * replace the form's.
 */
export interface ServiceConfig {
  /** Names it in links (`?service=ID`), the `service` attribute and `request-created`. */
  id: string;
  label: LocalizedText;
  description?: LocalizedText;
  /** The heading it is listed under. */
  group?: LocalizedText;
  preset?: SupportRequestFormConfig['preset'];
  technicianGroupKey?: string;
  fields?: FieldsConfig;
  customFields?: Array<Partial<CustomFieldConfig> & { name: string }>;
  attachments?: AttachmentsConfig;
  context?: ContextConfig;
  prefillFromUrl?: string[];
}

/** `context` in the configuration. */
export interface ContextConfig {
  /** The facts sent. Default: `[]`. */
  include?: Array<'pageUrl' | 'userAgent' | 'language' | 'timeZone' | 'viewport'>;
  /**
   * Where they go: below the description (default) or into a custom field
   * (appended to what it holds).
   */
  into?: 'description' | { customField: string };
  /** Keep the page address's query and fragment (removed by default: tokens live there). */
  keepQuery?: boolean;
}

/** The host's own context, by label: `{"App version": "4.2.1"}`. */
export type HostContext = Record<string, string | number | boolean>;

/**
 * Starting values, given by the host (the `prefill` property, `mount()`'s
 * `options.prefill`): standard fields by their key, custom fields under
 * `customFields` by name; each value as a default in the configuration
 * would be. A value that does not fit its field is left out and said in
 * the console.
 */
export interface Prefill {
  subject?: string;
  description?: string;
  [standardField: string]: unknown;
  customFields?: Record<string, string | number | boolean | string[]>;
}

/** `mount()`'s options. */
export interface MountOptions {
  /** Starting values, like the element's `prefill` property. */
  prefill?: Prefill | null;
  /** Like the element's `context` property. */
  context?: HostContext | null;
  /** Like the element's `service` property. */
  service?: string | null;
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/**
 * `detail` of `request-created`: the created ticket exactly as the server
 * sent it (every key it holds).
 */
export interface RequestCreatedDetail {
  /** The ticket's database id, used in URLs. */
  id?: number;
  /** The ticket's number, e.g. `INC-1001`. */
  name: string;
  /** The subject. */
  subject?: string;
  /** The status, e.g. `"Open"`. */
  statusName?: string;
  /** The priority, e.g. `"Low"`. */
  priorityName?: string;
  /** The requester's email. */
  requesterEmail?: string;
  /** Creation time, epoch milliseconds. */
  createdTime?: number;
  /** Last update time, epoch milliseconds. */
  updatedTime?: number;
  /** Custom field values by name. */
  customField?: Record<string, unknown>;
  /**
   * The id of the service the request was made for (added by the form
   * when the configuration has `services`).
   */
  service?: string;
  /** Every other key the server sent. */
  [key: string]: unknown;
}

/** `detail` of `request-failed`. */
export interface RequestFailedDetail {
  /** The HTTP status; `null` when there was no answer. */
  status: number | null;
  /** What went wrong, in the form's language. */
  message: string;
}

/**
 * `detail` of `comment-added`: the conversation exactly as the server
 * stored it, plus `requestId`.
 */
export interface CommentAddedDetail {
  /** The ticket's id. */
  requestId: number;
  /** The conversation's id. */
  id?: number;
  /** The comment as HTML built from the text typed (escaped, `<br>` for line breaks). */
  details?: string;
  /** Always `"requestor_to_technician"` for comments added by the form. */
  conversationType?: string;
  /** `"published"`. */
  conversationState?: string;
  /** The stored time as the server formats it (e.g. `Nov 29, 2026 04:12 PM`). */
  createdTime?: string | number;
  /** Every other key the server sent. */
  [key: string]: unknown;
}

/** One problem of a configuration, with the key it concerns. */
export interface ConfigProblem {
  /** The key's path, like `fields.priorityName.default` or `customFields[1].type`; empty for the whole document. */
  path: string;
  /** What is wrong, in English. */
  message: string;
}

/**
 * `detail` of `config-invalid`: every problem of a configuration the host
 * gave as the `config` property (or the one found in a `config-src` file).
 */
export interface ConfigInvalidDetail {
  problems: ConfigProblem[];
}

/** The events the element (and an element given to `mount()`) dispatches. */
export interface SupportRequestFormEventMap {
  /** A ticket was created. Bubbles, composed. */
  'request-created': CustomEvent<RequestCreatedDetail>;
  /** A request (or a comment) failed. Bubbles, composed. */
  'request-failed': CustomEvent<RequestFailedDetail>;
  /** A comment was added to a ticket. Bubbles, composed. */
  'comment-added': CustomEvent<CommentAddedDetail>;
  /** The configuration cannot be used: every problem with its key path. Bubbles, composed. */
  'config-invalid': CustomEvent<ConfigInvalidDetail>;
}

// ---------------------------------------------------------------------------
// The element and mount()
// ---------------------------------------------------------------------------

/**
 * Returns a fresh token, called on a 401 before the form gives up; the
 * request is then sent again by itself. Anything but a non-empty string
 * (or a rejection) counts as no token: `request-failed` with status 401.
 */
export type TokenProvider = () =>
  | string
  | null
  | undefined
  | Promise<string | null | undefined>;

/**
 * The `<support-request-form>` element. Attributes: `server-url`, `token`,
 * `locale`, `theme`, `config-src`, `user`, `service` (see README.md, "The element's
 * interface"). The class is registered by importing the module; it is not
 * exported.
 */
export interface SupportRequestFormElement extends HTMLElement {
  /**
   * The configuration as an object (same schema as `config.json`); wins
   * over `config-src`. `null`/`undefined` falls back to `config-src`, else
   * the defaults. Reads back the value last set.
   */
  config: SupportRequestFormConfig | null | undefined;
  /**
   * `async () => token`: called on a 401 before the form gives up. Reads
   * back the value last set.
   */
  tokenProvider: TokenProvider | null | undefined;
  /**
   * Access token, like the `token` attribute, without putting the token in
   * the DOM. Reads the value set, else the attribute; setting `null` or
   * `undefined` goes back to the attribute.
   */
  get token(): string | null;
  set token(value: string | null | undefined);
  /**
   * Who uses the form (their email), like the `user` attribute: drafts are
   * kept per user. Reads the value set, else the attribute; setting `null`
   * or `undefined` goes back to the attribute.
   */
  get user(): string | null;
  set user(value: string | null | undefined);
  /**
   * Starting values. Set at any time: the fields the person has not
   * changed take the new values. A link's values (`prefillFromUrl`) win
   * over these; a saved draft the person restores wins over both.
   */
  prefill: Prefill | null | undefined;
  /**
   * Sent with each request (below the description, or where
   * `config.context.into` says) and shown before Submit, by label.
   */
  context: HostContext | null | undefined;
  /**
   * The service to open, by its id, like the `service` attribute. Reads
   * the value set, else the attribute; setting `null` or `undefined` goes
   * back to the attribute.
   */
  get service(): string | null;
  set service(value: string | null | undefined);
}

/** The handle `mount()` returns. */
export interface SupportRequestFormHandle {
  /**
   * Removes the form and releases everything it holds (uploads, timers,
   * listeners, object URLs); the handle is spent afterwards.
   */
  unmount(): void;
  /**
   * Like the element's `token` property; a new token after a 401 resumes
   * what was paused. `null`/`undefined` removes it.
   */
  setToken(token: string | null | undefined): void;
  /** Like the element's `tokenProvider` property. */
  setTokenProvider(provider: TokenProvider | null | undefined): void;
  /** Replaces the configuration (same schema as `config.json`). */
  setConfig(config: SupportRequestFormConfig | null | undefined): void;
  /** Like the element's `user` property: whose drafts. */
  setUser(user: string | null | undefined): void;
  /** Like the element's `locale` attribute: the form's language. */
  setLocale(locale: string | null | undefined): void;
  /** Like the element's `prefill` property. */
  setPrefill(prefill: Prefill | null | undefined): void;
  /** Like the element's `context` property. */
  setContext(context: HostContext | null | undefined): void;
  /** Like the element's `service` property. */
  setService(service: string | null | undefined): void;
}

/**
 * Renders a form in `element`'s shadow root (attached, open, if it has
 * none) and returns its handle. `config` has the schema of `config.json`;
 * without one the defaults apply. The element's `server-url`, `token`,
 * `locale`, `theme`, `config-src`, `user` and `service` attributes, if present, are
 * read as for `<support-request-form>`, and the events are dispatched on
 * `element`. Throws if `element` cannot have a shadow root.
 */
export function mount(
  element: HTMLElement,
  config?: SupportRequestFormConfig | null,
  options?: MountOptions,
): SupportRequestFormHandle;

/**
 * Mounts the static portal (light DOM, password sign-in) into `element`,
 * configured by the file at `configSrc`. Used by `portal.js`.
 */
export function mountPortal(element: HTMLElement, configSrc: string): void;

/** What `snippet` is asked for (the options of `cargo xtask snippet`). */
export interface SnippetOptions {
  /** The bundle's folder as the page will load it (default: this module's). */
  base?: string;
  /** The language to prerender in (default: the configuration's, else English). */
  locale?: string;
  theme?: 'auto' | 'light' | 'dark';
  serverUrl?: string;
  /** Where the element reads its configuration (default: `config.json` at `base`). */
  configSrc?: string;
  /** Prerender the sign-in instead of the form. */
  signIn?: boolean;
}

/**
 * The HTML an embedder pastes into a page for `config` (config.json's
 * text), as `cargo xtask snippet` writes it: the element with its first
 * screen prerendered in a declarative shadow root, and the bundle's
 * lines. Rejects with the reason when there can be none (a configuration
 * with problems). A configuration with services gets the element without
 * a first screen: its list of services comes with the script.
 */
export function snippet(config: string, options?: SnippetOptions): Promise<string>;

declare global {
  interface HTMLElementTagNameMap {
    'support-request-form': SupportRequestFormElement;
  }
  interface HTMLElementEventMap {
    'request-created': CustomEvent<RequestCreatedDetail>;
    'request-failed': CustomEvent<RequestFailedDetail>;
    'comment-added': CustomEvent<CommentAddedDetail>;
    'config-invalid': CustomEvent<ConfigInvalidDetail>;
  }
}
