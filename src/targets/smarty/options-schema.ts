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
    },
    "mode": {
      "description": "What billsync manages on this Smarty: full (default: customers, accounts, tariffs, devices, transactions), transactional (Smarty's own billing manages tariffs: no tariff changes are planned; payments go as transactions) or reduced (only the parts listed in manage).",
      "enum": [
        "full",
        "transactional",
        "reduced"
      ],
      "default": "full"
    },
    "manage": {
      "description": "With mode: reduced, the parts billsync manages.",
      "type": "array",
      "uniqueItems": true,
      "items": {
        "enum": [
          "customers",
          "accounts",
          "tariffs",
          "devices",
          "transactions"
        ]
      }
    },
    "transactions": {
      "description": "Payments sent as transactions (transaction/create, ext_id = the billing's payment id; a repeat is answered error 1 and adopted).",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "window_days": {
          "description": "Payments older than this are left out: neither sent nor reported (default 30). Keep the source's payment window at least this long.",
          "type": "integer",
          "minimum": 1,
          "default": 30
        },
        "on_gone": {
          "description": "A payment that disappears from the source inside the window: report (default; Smarty keeps it) or delete (transaction/delete, under the safety gates).",
          "enum": [
            "report",
            "delete"
          ],
          "default": "report"
        }
      }
    }
  }
};
