/**
 * The `sources.<name>` options of a `hydra` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const HYDRA_OPTIONS_SCHEMA: JsonSchema = {
  "description": "Latera Hydra billing (REST v2).",
  "type": "object",
  "required": [
    "url",
    "login",
    "password"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "Hydra REST v2 base URL, e.g. https://hydra.example/rest/v2",
      "examples": [
        "http://127.0.0.1:3000/rest/v2"
      ]
    },
    "login": {
      "description": "Operator login.",
      "type": "string",
      "minLength": 1
    },
    "password": {
      "description": "Operator password. Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "per_page": {
      "description": "Page size for list requests (default 1000).",
      "type": "integer",
      "minimum": 1,
      "maximum": 10000,
      "default": 1000
    },
    "devices": {
      "description": "Read each customer's equipment MAC addresses (address type 4006) for device sections of mappings (default false; three or more requests per box).",
      "type": "boolean",
      "default": false
    },
    "payments_days": {
      "description": "Read the payments of each account over the last this-many days, for transactions sections (default: none). INFERRED endpoint /subjects/accounts/{id}/payments.",
      "type": "integer",
      "minimum": 1
    },
    "enumeration": {
      "description": "How a full read finds customers: list = page GET /subjects/customers (default; that route is inferred, and if it answers 404 the read uses customer_ids when given), customer_ids = always read the ids customer_ids gives, one GET /subjects/customers/{id} each, event_only = no full reads (nothing is ever removed on this source's word); only triggers sync, one customer at a time.",
      "type": "string",
      "enum": [
        "list",
        "customer_ids",
        "event_only"
      ],
      "default": "list"
    },
    "customer_ids": {
      "description": "Where the ids of every customer come from when Hydra has no customer list (or enumeration is customer_ids): one Hydra customer id (n_subject_id) per line; blank lines and # comments are skipped. A read from it is complete when every id was read (an id answering 404 was removed since the list was made).",
      "type": "object",
      "oneOf": [
        {
          "required": [
            "file"
          ],
          "properties": {
            "file": {
              "description": "Absolute path of the id file.",
              "type": "string",
              "pattern": "^/",
              "x-expected": "an absolute path"
            }
          },
          "additionalProperties": false
        },
        {
          "required": [
            "command"
          ],
          "properties": {
            "command": {
              "description": "Program printing the ids on stdout, run without a shell: a list [program, arg, …], or a string split on spaces (no quotes, pipes or $VARS).",
              "oneOf": [
                {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "string",
                    "minLength": 1
                  }
                },
                {
                  "type": "string",
                  "minLength": 1,
                  "pattern": "^[^\"'`$|&;<>(){}*?~\\\\\\n]+$",
                  "x-expected": "a command without shell syntax"
                }
              ]
            },
            "timeout_ms": {
              "description": "How long the command may run (default 300000).",
              "type": "integer",
              "minimum": 1,
              "default": 300000
            }
          },
          "additionalProperties": false
        }
      ],
      "examples": [
        {
          "file": "/var/lib/billsync/hydra-customer-ids.txt"
        },
        {
          "command": [
            "/usr/local/bin/hydra-customer-ids",
            "--all"
          ]
        }
      ]
    },
    "status_map": {
      "description": "Hydra state id → canonical status, overriding the built-in table.",
      "type": "object",
      "propertyNames": {
        "pattern": "^\\d+$",
        "x-expected": "a Hydra state id (digits)"
      },
      "additionalProperties": {
        "$ref": "#/$defs/status"
      }
    }
  }
};
