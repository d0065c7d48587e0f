/**
 * The `sources.<name>` options of a `userside` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const USERSIDE_OPTIONS_SCHEMA: JsonSchema = {
  "description": "UserSide ERP (api.php), read with an API key.",
  "type": "object",
  "required": [
    "url",
    "api_key"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "URL of UserSide's api.php (a bare ERP URL gets /api.php appended), e.g. https://erp.example/api.php",
      "examples": [
        "http://127.0.0.1:8080/api.php"
      ]
    },
    "api_key": {
      "description": "API key configured in UserSide (userside3/main/config/config.php). Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "bulk": {
      "description": "How customers are read: list = one module/get_user_list, batched = customer/get_customers_id then get_data per batch of ids (installs without get_user_list), auto = list when the install has it (default).",
      "type": "string",
      "enum": [
        "auto",
        "list",
        "batched"
      ],
      "default": "auto"
    },
    "batch_size": {
      "description": "Customer ids per get_data call in batched mode (default 100).",
      "type": "integer",
      "minimum": 1,
      "maximum": 1000,
      "default": 100
    },
    "billing_id": {
      "description": "Read only the customers of this billing (UserSide can import several; customer/get_data shows a customer's billing_id). Sent to module/get_user_list, which some versions refuse without it, and to customer/get_customers_id. Left out: every customer, and an install whose list wants it is read in batches (billsync check says so).",
      "type": "integer",
      "minimum": 1
    },
    "devices": {
      "description": "Fill each subscriber's devices with the MAC addresses of its ip_mac records (written aa:bb:cc:dd:ee:ff; empty and all-zero/all-one MACs left out), for device sections of mappings (default false). These are the MACs UserSide knows for the customer's connection (CPE, router, sometimes a set-top box): the mapping's devices section decides which of them a platform binds.",
      "type": "boolean",
      "default": false
    },
    "status_map": {
      "description": "UserSide state id (Настройка → Статусы абонентов, module/get_user_state_list) → canonical status, or skip. State ids are per install, so there are no defaults: subscribers in a state not listed here are skipped (the targets keep what they have) and the plan names the state.",
      "type": "object",
      "propertyNames": {
        "pattern": "^\\d+$",
        "x-expected": "a UserSide state id (digits)"
      },
      "additionalProperties": {
        "type": "string",
        "enum": [
          "active",
          "blocked_debt",
          "blocked_user",
          "blocked_manager",
          "blocked_traffic",
          "off",
          "skip"
        ],
        "x-expected": "a canonical status or skip"
      }
    },
    "utc_offset": {
      "description": "Offset of the ERP server's clock from UTC; its dates carry none (default +03:00).",
      "type": "string",
      "pattern": "^([+-]\\d{2}:\\d{2}|Z)$",
      "x-expected": "an offset such as +03:00",
      "default": "+03:00"
    }
  }
};
