/**
 * The part of sync.yaml's schema no adapter owns: version, store, daemon, the source and target
 * blocks' common keys (rate, concurrency, retry, safety, drift) and the shared definitions
 * (`#/$defs/httpUrl`, `status`, `timeoutMs`, …) adapters' option fragments may refer to.
 * sync-schema.ts adds each registered adapter's `type` and options to make the whole schema;
 * `npm run generate` writes it to schemas/sync.schema.json for editors.
 *
 * To add a top-level section (say `bridges:`), add it under `properties` here (and its shape under
 * `$defs` when it is long), then run `npm run generate`.
 */
import type { JsonSchema } from './json-schema.js';

export const CORE_SYNC_SCHEMA: JsonSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://billsync.local/schemas/sync.schema.json",
  "title": "billsync sync.yaml",
  "description": "billsync configuration: where subscribers come from (sources), which platforms must reflect them (targets), and the mapping files between them. Any string value may use ${ENV_VAR}, ${ENV_VAR:-default} or ${file:/path}; write $${ for a literal ${.",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "version",
    "sources",
    "targets",
    "mappings"
  ],
  "properties": {
    "version": {
      "description": "Format version of this file. Always 1.",
      "const": 1
    },
    "store": {
      "description": "Where billsync keeps the snapshot of what it last applied and the run log.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "url": {
          "description": "sqlite:PATH (relative to this file's directory; default sqlite:.billsync/state.db) or postgres://user:pass@host/db for a shared store.",
          "type": "string",
          "pattern": "^(sqlite:|postgres(ql)?://|\\$\\{)",
          "x-expected": "a store URL (sqlite:PATH or postgres://…)",
          "default": "sqlite:.billsync/state.db",
          "examples": [
            "sqlite:.billsync/state.db",
            "postgres://billsync:${PGPASSWORD}@db.local/billsync"
          ]
        },
        "secret_key": {
          "description": "Key of the digests the store keeps of secret attributes (passwords, stream URLs), at least 32 characters (openssl rand -hex 32). Keep it outside the database: ${BILLSYNC_STORE_KEY} or ${file:/path}. Required with PostgreSQL (the same key on every instance); a SQLite store without it keeps a random key in a file beside itself (state.db.key).",
          "type": "string",
          "x-expected": "a secret of at least 32 characters, e.g. ${BILLSYNC_STORE_KEY}",
          "examples": [
            "${BILLSYNC_STORE_KEY}",
            "${file:/etc/billsync/store.key}"
          ]
        }
      }
    },
    "daemon": {
      "$ref": "#/$defs/daemon"
    },
    "bridges": {
      "$ref": "#/$defs/bridges"
    },
    "sources": {
      "description": "Billing systems to read subscribers from, by name (the name mappings refer to).",
      "type": "object",
      "minProperties": 1,
      "x-expected": "at least one source",
      "propertyNames": {
        "pattern": "^[a-z][a-z0-9_-]*$",
        "x-expected": "a name of lowercase letters, digits, _ and -, starting with a letter"
      },
      "additionalProperties": {
        "$ref": "#/$defs/source"
      }
    },
    "targets": {
      "description": "Service platforms to keep in sync, by name (the name mappings refer to).",
      "type": "object",
      "minProperties": 1,
      "x-expected": "at least one target",
      "propertyNames": {
        "pattern": "^[a-z][a-z0-9_-]*$",
        "x-expected": "a name of lowercase letters, digits, _ and -, starting with a letter"
      },
      "additionalProperties": {
        "$ref": "#/$defs/target"
      }
    },
    "mappings": {
      "description": "Mapping files (source → target), relative to this file's directory.",
      "type": "array",
      "minItems": 1,
      "x-expected": "a list of mapping file paths",
      "items": {
        "type": "string",
        "minLength": 1,
        "x-expected": "a mapping file path"
      },
      "examples": [
        [
          "mappings/hydra-smarty.yaml"
        ]
      ]
    }
  },
  "$defs": {
    "smotreshkaUpsale": {
      "description": "The Smotreshka upsale callbacks (POST /upsale/v3/{add,replace}-subscription/{ensure,commit}) on the daemon's port: purchases made in the app are recorded and kept until the billing reflects them. Closed unless allow_ips and/or secret are set.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "target": {
          "description": "The Smotreshka target the purchases belong to (default: the only one).",
          "type": "string",
          "minLength": 1
        },
        "allow_ips": {
          "description": "Addresses or CIDR ranges the platform calls from (ask Lifestream's support). With a secret too, a call must pass both.",
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          }
        },
        "secret": {
          "description": "Shared secret the platform sends as Authorization: Bearer <secret> or ?token=<secret> in the callback URL; at least 16 characters, from ${ENV_VAR} or ${file:/path}.",
          "type": "string",
          "minLength": 1
        },
        "offers": {
          "description": "Offer (subscription) ids that may be sold in the app; others are answered no_subscription_rules. Default: any.",
          "type": "array",
          "items": {
            "type": [
              "string",
              "integer"
            ]
          }
        },
        "keep_for": {
          "$ref": "#/$defs/duration",
          "description": "How long a committed purchase is kept while the billing does not reflect it (e.g. '720h'). Default: until the billing reflects it."
        }
      }
    },
    "bridges": {
      "description": "Questions platforms ask the billing, answered by the daemon (same listen address) from the sources' last complete reads. Each bridge is off unless its block is present. See README 'Bridges'.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "token": {
          "description": "Secret every bridge's callers present (Authorization: Bearer …, or key=… in the URL where the platform can only configure a URL); default daemon.token. Use ${ENV_VAR} or ${file:/path}.",
          "type": "string",
          "minLength": 1
        },
        "refresh": {
          "$ref": "#/$defs/duration",
          "description": "How old a source's last complete read may get before a bridge reads the source itself (default '10m'). The daemon's own reconciles refresh it too.",
          "default": "10m"
        },
        "usm_billing": {
          "$ref": "#/$defs/bridge",
          "description": "UserSide's usm_billing module imports from billsync's 'universal API' ($billingUrl → http://daemon/bridges/usm-billing/?key=…)."
        },
        "smartyard_billing": {
          "$ref": "#/$defs/bridge",
          "description": "SmartYard's smartyard_bill.py questions (uidFrom, camsActiv, billingList) under /bridges/smartyard-billing/."
        }
      }
    },
    "bridge": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "source",
        "mapping"
      ],
      "properties": {
        "source": {
          "description": "Name of the source (under sources:) whose last complete read answers.",
          "type": "string",
          "minLength": 1
        },
        "mapping": {
          "description": "The bridge's mapping file (relative to this file), e.g. mappings/bridge-usm-billing.yaml.",
          "type": "string",
          "minLength": 1
        },
        "token": {
          "description": "This bridge's own caller secret instead of bridges.token / daemon.token.",
          "type": "string",
          "minLength": 1
        },
        "refresh": {
          "$ref": "#/$defs/duration",
          "description": "This bridge's refresh instead of bridges.refresh."
        }
      }
    },
    "duration": {
      "description": "A duration: a number with a unit, ms, s, m or h (e.g. '500ms', '30s', '5m', '1h').",
      "type": "string",
      "pattern": "^(\\d+(\\.\\d+)?(ms|s|m|h)|\\$\\{.*)$",
      "x-expected": "a duration such as '30s', '5m' or '1h'"
    },
    "daemon": {
      "description": "'billsync run': how often each target is reconciled, where the trigger and health endpoint listens, and how long shutdown may take.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "interval": {
          "$ref": "#/$defs/duration",
          "description": "Time between two reconciles of a target (default '5m'). Jitter only shortens it, so it is an upper bound.",
          "default": "5m"
        },
        "jitter": {
          "description": "Share of the interval a run may start early, at random, so targets and daemons do not hit the sources in step (default 0.1).",
          "type": "number",
          "minimum": 0,
          "maximum": 0.9,
          "default": 0.1
        },
        "full_every": {
          "$ref": "#/$defs/duration",
          "description": "Change-driven rounds: a target whose every source can list what changed since a moment (README, 'Running continuously') reads only the changed subscribers each interval, and reads its sources whole at most this long apart. Deletes and blocks come only from the full reads and from point reads. Absent: every round reads the sources whole."
        },
        "listen": {
          "description": "host:port of the HTTP endpoint: POST /v1/sync (triggers), /healthz, /readyz, /metrics (default 127.0.0.1:8089; port 0 picks a free port).",
          "type": "string",
          "pattern": "^((\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9_.-]*):\\d{1,5}|\\$\\{.*)$",
          "x-expected": "host:port, e.g. 127.0.0.1:8089",
          "default": "127.0.0.1:8089"
        },
        "token": {
          "description": "Bearer token POST /v1/sync requires; a secret, so use ${ENV_VAR} or ${file:/path}. Without one, triggers are refused.",
          "type": "string",
          "minLength": 1
        },
        "shutdown_timeout": {
          "$ref": "#/$defs/duration",
          "description": "How long SIGTERM/SIGINT waits for in-flight ops to finish and commit before the process is forced out (default '30s').",
          "default": "30s"
        },
        "ui": {
          "description": "Serve the web console (overview, runs, held-back changes, subscriber search, drift) on the same host:port under /ui/. Default: on when listen is a loopback address (127.0.0.1, ::1, localhost), off otherwise.",
          "type": "boolean"
        },
        "ui_auth": {
          "description": "Who may read the console's pages: 'none' (anyone who reaches the port; the default on loopback) or 'token' (log in with daemon.token; the default otherwise). Actions (approve, sync now) always need a login with daemon.token.",
          "enum": [
            "none",
            "token"
          ],
          "x-expected": "none or token"
        },
        "smotreshka_upsale": {
          "$ref": "#/$defs/smotreshkaUpsale"
        },
        "targets": {
          "description": "Per-target overrides, by target name.",
          "type": "object",
          "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "interval": {
                "$ref": "#/$defs/duration",
                "description": "This target's interval instead of daemon.interval."
              }
            }
          }
        }
      }
    },
    "httpUrl": {
      "type": "string",
      "pattern": "^(https?://|\\$\\{)",
      "x-expected": "an http:// or https:// URL"
    },
    "concurrency": {
      "description": "Requests in flight at once.",
      "type": "integer",
      "minimum": 1,
      "maximum": 256
    },
    "timeoutMs": {
      "description": "Per-request timeout in milliseconds.",
      "type": "integer",
      "minimum": 100,
      "default": 30000
    },
    "rate": {
      "description": "Request rate cap: at most `requests` per `per_seconds` seconds.",
      "type": "object",
      "additionalProperties": false,
      "required": [
        "requests"
      ],
      "properties": {
        "requests": {
          "description": "Requests allowed per window.",
          "type": "integer",
          "minimum": 1
        },
        "per_seconds": {
          "description": "Window length in seconds (default 1).",
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 1
        }
      }
    },
    "retry": {
      "description": "Retries of retryable failures (network errors, 5xx, 429) with exponential backoff and jitter.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "max_attempts": {
          "description": "Total attempts including the first (default 5).",
          "type": "integer",
          "minimum": 1,
          "maximum": 50,
          "default": 5
        },
        "base_delay_ms": {
          "description": "First backoff delay in ms (default 200).",
          "type": "integer",
          "minimum": 0,
          "default": 200
        },
        "max_delay_ms": {
          "description": "Longest backoff delay in ms (default 10000).",
          "type": "integer",
          "minimum": 0,
          "default": 10000
        },
        "stop_after": {
          "description": "Ops that fail in a row with the same reason before the target is stopped for this run, the rest left for the next (default 10).",
          "type": "integer",
          "minimum": 1,
          "default": 10
        }
      }
    },
    "limit": {
      "description": "A count (e.g. 100) or a share of the target's snapshot (e.g. '10%').",
      "type": [
        "integer",
        "string"
      ],
      "minimum": 0,
      "pattern": "^(100|\\d{1,2}(\\.\\d+)?)%$",
      "x-expected": "a count (e.g. 100) or a percentage (e.g. '10%')"
    },
    "safety": {
      "description": "Guards against destroying subscribers' services on bad input.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "min_source_share": {
          "description": "If a source returns less than this share of the subscribers the snapshot holds (default 0.5), no deletes or blocks are planned without --allow-shrink.",
          "type": "number",
          "minimum": 0,
          "maximum": 1,
          "default": 0.5
        },
        "max_deletes": {
          "$ref": "#/$defs/limit",
          "description": "Most deletes per run; more are all held back. A count or 'N%'. Default: 10% of the target's entities, at least 10."
        },
        "max_blocks": {
          "$ref": "#/$defs/limit",
          "description": "Most blocks per run (a block realised as removals counts too); more are all held back. A count or 'N%'. Default: 10% of the target's entities, at least 10."
        },
        "max_removals": {
          "$ref": "#/$defs/limit",
          "description": "Most tariffs, subscriptions or door rights subscribers may lose per run; more are all held back. A count or 'N%' of the set members the target holds. Default: 10%, at least 10."
        }
      }
    },
    "status": {
      "type": "string",
      "enum": [
        "active",
        "blocked_debt",
        "blocked_user",
        "blocked_manager",
        "blocked_traffic",
        "off"
      ],
      "x-expected": "a canonical status"
    },
    "source": {
      "description": "A billing system to read subscribers from.",
      "type": "object",
      "required": [
        "type"
      ],
      "properties": {
        "type": {
          "type": "string",
          "x-type-of": "source"
        },
        "concurrency": {
          "$ref": "#/$defs/concurrency"
        },
        "rate": {
          "$ref": "#/$defs/rate"
        },
        "timeout_ms": {
          "$ref": "#/$defs/timeoutMs"
        }
      },
      "unevaluatedProperties": false
    },
    "target": {
      "description": "A service platform billsync keeps in sync.",
      "type": "object",
      "required": [
        "type"
      ],
      "properties": {
        "type": {
          "type": "string",
          "x-type-of": "target"
        },
        "concurrency": {
          "$ref": "#/$defs/concurrency"
        },
        "rate": {
          "$ref": "#/$defs/rate"
        },
        "timeout_ms": {
          "$ref": "#/$defs/timeoutMs"
        },
        "retry": {
          "$ref": "#/$defs/retry"
        },
        "safety": {
          "$ref": "#/$defs/safety"
        },
        "drift": {
          "description": "What 'plan --refresh' does with set members the platform added by itself (e.g. a subscription bought in the app): enforce = remove them, keep = leave them silently, report = leave them and list them in the plan (default).",
          "type": "string",
          "enum": [
            "enforce",
            "keep",
            "report"
          ],
          "default": "report"
        }
      },
      "unevaluatedProperties": false
    }
  }
};
