/**
 * What `hookbridge profile init` writes without --like: a small, complete profile of a made-up
 * provider that signs `timestamp.body`, every key commented. `profile check` passes on it as it
 * is (tested), so a new author starts from something that works and changes it step by step.
 */
export const STARTER_PROFILE = `# A hookbridge profile file. Check it with: hookbridge profile check <this file>
# The format's JSON Schema: hookbridge profile schema > profile.schema.json
# (editors that read JSON Schema then complete and check this file as you type).

# Provider id (2-40 lower-case letters, digits, dashes): --provider in commands, n8n-nodes-<id>.
id: acme
name: Acme
docsUrl: https://docs.acme.example/webhooks

# No "api" section: webhooks are set up by hand in the provider's dashboard (manual mode).
# Tell the user where, in the provider's words:
manualSetup: In Acme, open Settings → Webhooks → Add endpoint, paste the URL, and copy the signing secret shown there.

signature:
  algorithm: sha256 # sha1, sha256 or sha512
  header: x-acme-signature # lower-case
  format: value # value ("prefix" + signature), list (space-separated), fields (t=…,v1=…)
  prefix: "v1=" # text before the signature, '' for none
  encoding: hex # hex or base64
  key: utf8 # the secret as text (utf8), base64, or whsec-base64 (whsec_ then base64)
  # What is signed, in order, joined with nothing between: here "<timestamp>.<raw body>".
  # Parts: body, text, header (name), timestamp, url, form.
  content:
    - part: timestamp
    - part: text
      text: "."
    - part: body
  timestampHeader: x-acme-timestamp # unix seconds; or timestampField for format: fields
  timestampWindow: both # both, or past (only too-old deliveries are refused)

# Where things are in a delivery: {body: dotted.path} or {header: name}; the first found wins.
envelope:
  id: # stable across retries: the dedupe key
    - body: id
  type:
    - body: type
  occurredAt:
    - body: created_at
  dataKey: data # the event data; without it the whole body is the data

events:
  - type: invoice.paid
    title: Invoice Paid
    description: An invoice was paid in full.
    # JSON Schema of the data (a subset: type, properties, required, items, enum, const,
    # anyOf/oneOf, additionalProperties, length/range/pattern bounds).
    schema:
      type: object
      required: [invoice_id, amount]
      properties:
        invoice_id: { type: string, minLength: 1 }
        amount: { type: integer, minimum: 0 }
        currency: { type: string }
    # A whole delivery body as the provider sends it.
    sample:
      id: evt_0001
      type: invoice.paid
      created_at: "2026-01-05T10:00:00Z"
      data:
        invoice_id: inv_42
        amount: 1999
        currency: EUR

openCatalog: true # other types are accepted too, marked known: false

delivery:
  timeoutMs: 10000
  retryDelaysSeconds: [60, 300, 1800] # one entry per retry
  retryWindowSeconds: 86400 # how long a repeat is recognised as a duplicate

secret:
  origin: provider # provider (shown in its dashboard) or subscriber (you choose it)
  bytes: 32

assumptions:
  - Acme is an example; every value here is made up.
`;
