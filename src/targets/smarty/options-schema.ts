/**
 * The `targets.<name>` options of a `smarty` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const SMARTY_OPTIONS_SCHEMA: JsonSchema = {
  "description": "Microimpuls Smarty Billing API.",
  "type": "object",
  "required": [
    "url",
    "client_id",
    "api_key"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "Billing API base URL, e.g. https://smarty.example/billing/api",
      "examples": [
        "http://127.0.0.1:8000/billing/api"
      ]
    },
    "client_id": {
      "description": "Smarty client id (operator number).",
      "type": "integer",
      "minimum": 1
    },
    "api_key": {
      "description": "Billing API key used to sign requests. Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "registration_backoff_ms": {
      "description": "How long customer creates wait after Smarty answers its registration limit per IP (customer/create error 2) before trying again (default 60000). The limit's size and window are not documented; the waiting create is retried under the target's retry policy.",
      "type": "integer",
      "minimum": 1,
      "default": 60000
    }
  }
};
