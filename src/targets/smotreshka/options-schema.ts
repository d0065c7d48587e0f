/**
 * The `targets.<name>` options of a `smotreshka` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const SMOTRESHKA_OPTIONS_SCHEMA: JsonSchema = {
  "description": "Smotreshka (Lifestream) operator API. The platform authenticates by source IP: ask Lifestream to put this server's public IP on the operator's allow-list.",
  "type": "object",
  "required": [
    "url"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "Operator API base Lifestream issued, without /v2, e.g. https://operator.node.lfstrm.tv",
      "examples": [
        "http://127.0.0.1:8080"
      ]
    },
    "api_key": {
      "description": "Optional bearer token for a proxy in front of the API; the platform itself needs none (IP allow-list). Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "username_prefix": {
      "description": "Prepended to every username on the platform (usernames are global across providers), e.g. 'isp_'. Changing it later makes every account look new.",
      "type": "string",
      "pattern": "^[A-Za-z0-9_@.+\\-/]{0,50}$",
      "x-expected": "latin letters, digits and _ @ . + - / (at most 50)",
      "default": ""
    },
    "blocking": {
      "description": "How a blocked subscriber loses TV: subscriptions (default; removed while blocked, re-added on unblock) or account_state (the v3 account-state, if Lifestream enabled it for your integration).",
      "type": "string",
      "enum": [
        "subscriptions",
        "account_state"
      ],
      "default": "subscriptions"
    },
    "account_state_id": {
      "description": "What the v3 account-state URL names the account by: account_id (default, the platform id) or username (the login with username_prefix). The SPEC says it depends on the integration's settings: ask Lifestream. Only used with blocking: account_state.",
      "type": "string",
      "enum": [
        "account_id",
        "username"
      ],
      "default": "account_id"
    },
    "page_size": {
      "description": "Accounts asked per GET /v2/accounts page (default 100, the size the SPEC's example shows). Pages are counted from 0 or 1 as the platform's answer shows, and follow the size it says it served.",
      "type": "integer",
      "minimum": 1,
      "maximum": 10000,
      "default": 100
    }
  }
};
