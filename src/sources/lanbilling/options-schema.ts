/**
 * The `sources.<name>` options of a `lanbilling` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const LANBILLING_OPTIONS_SCHEMA: JsonSchema = {
  "description": "LANBilling (LBcore SOAP api3), read with a manager account.",
  "type": "object",
  "required": [
    "url",
    "login",
    "password",
    "agents"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "LBcore SOAP endpoint (port 34012 by default), e.g. http://billing.example:34012",
      "examples": [
        "http://127.0.0.1:34012"
      ]
    },
    "login": {
      "description": "Manager login.",
      "type": "string",
      "minLength": 1
    },
    "password": {
      "description": "Manager password. Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "agents": {
      "description": "Ids of the agents whose account entries (vgroups) are read, e.g. the USBox services agent that carries TV.",
      "type": "array",
      "minItems": 1,
      "x-expected": "a list of agent ids",
      "items": {
        "type": "integer",
        "minimum": 1,
        "x-expected": "an agent id (a positive integer)"
      }
    },
    "per_page": {
      "description": "Page size of getVgroups (flt.pgsize, default 500).",
      "type": "integer",
      "minimum": 1,
      "maximum": 10000,
      "default": 500
    },
    "devices": {
      "description": "Read the MAC addresses bound to each account entry (getVgroup → macstaff[]) for device sections of mappings (default false; one getVgroup per entry unless the read already made it).",
      "type": "boolean",
      "default": false
    },
    "payments_days": {
      "description": "Read the payments of each entry's agreement over the last this-many days (getPayments by agrmid, annulled and corrected ones left out) for transactions sections (default: none; one getPayments per agreement, plus one getVgroups for an agreement with several entries).",
      "type": "integer",
      "minimum": 1,
      "maximum": 3660
    },
    "utc_offset": {
      "description": "Offset of the billing server's clock from UTC; its dates carry none (default +03:00).",
      "type": "string",
      "pattern": "^([+-]\\d{2}:\\d{2}|Z)$",
      "x-expected": "an offset such as +03:00",
      "default": "+03:00"
    }
  }
};
